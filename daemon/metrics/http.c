// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-written request parser, deliberately narrow: sluiced has no HTTP library and takes
 * none in for one read-only endpoint (docs/daemon.md "Metrics"). RFC 9112's request line and
 * header fields, bare LF accepted as a line end as section 2.2 allows; no body is read (the
 * connection closes after the answer), so Content-Length and Transfer-Encoding change
 * nothing; obs-fold and control bytes are refused.
 */
#include <stdbool.h>
#include <string.h>
#include "metrics/http.h"

#define METHOD_MAX 16

/* RFC 9110 5.6.2 tchar */
static bool tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* a byte no request may hold anywhere: refused before the head is complete */
static bool forbidden(unsigned char c)
{
	return (c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f;
}

/*
 * The line starting at p: 1 and its end (its CR or LF) in *le and the next line's start in
 * *next; 0 if it is unfinished; -1 if it holds a CR that does not end it.
 */
static int line_at(const char *p, const char *end, const char **le, const char **next)
{
	const char *lf = memchr(p, '\n', (size_t)(end - p));
	const char *cr = memchr(p, '\r', (size_t)(end - p));

	if (cr && (lf ? cr < lf - 1 : cr < end - 1))
		return -1;
	if (!lf)
		return 0;
	*next = lf + 1;
	*le = lf > p && lf[-1] == '\r' ? lf - 1 : lf;
	return 1;
}

/* "/metrics", "/", also in absolute form; a query is ignored. 200 or 404; 400 malformed */
static int target_status(const char *t, size_t n)
{
	const char *q;

	if (n > 7 && !strncmp(t, "http://", 7)) {
		const char *path = memchr(t + 7, '/', n - 7);

		if (!path)
			return 400;
		n -= (size_t)(path - t);
		t = path;
	}
	if (!n || t[0] != '/')
		return 400;
	q = memchr(t, '?', n);
	if (q)
		n = (size_t)(q - t);
	if ((n == 1) || (n == 8 && !memcmp(t, "/metrics", 8)))
		return 200;
	return 404;
}

static int version_status(const char *v, size_t n)
{
	if (n == 8 && (!memcmp(v, "HTTP/1.1", 8) || !memcmp(v, "HTTP/1.0", 8)))
		return 200;
	if (n > 5 && !memcmp(v, "HTTP/", 5))
		return 505;
	return 400;
}

/* method SP request-target SP HTTP-version */
static int request_line(const char *p, const char *end)
{
	const char *sp1 = memchr(p, ' ', (size_t)(end - p)), *sp2, *t;
	size_t mlen, i;
	int st;

	if (!sp1 || sp1 == p || (mlen = (size_t)(sp1 - p)) > METHOD_MAX)
		return 400;
	for (i = 0; i < mlen; i++)
		if (!tchar((unsigned char)p[i]))
			return 400;
	t = sp1 + 1;
	sp2 = memchr(t, ' ', (size_t)(end - t));
	if (!sp2 || sp2 == t)
		return 400;
	for (i = 0; t + i < sp2; i++)
		if ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] >= 0x7f)
			return 400;
	st = version_status(sp2 + 1, (size_t)(end - sp2 - 1));
	if (st != 200)
		return st;
	st = target_status(t, (size_t)(sp2 - t));
	if (st == 400)
		return 400;
	if (mlen != 3 || memcmp(p, "GET", 3))
		return 405;
	return st;
}

/* name ":" value, the name a token, the value visible bytes, SP and HTAB */
static bool header_ok(const char *p, const char *end)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	const char *c;

	if (!colon || colon == p)
		return false;
	for (c = p; c < colon; c++)
		if (!tchar((unsigned char)*c))
			return false;
	for (c = colon + 1; c < end; c++)
		if (forbidden((unsigned char)*c) || *c == '\r' || *c == '\n')
			return false;
	return true;
}

/* A byte no request may hold (in its head: what follows is never looked at). */
static bool has_forbidden(const char *p, const char *end)
{
	for (; p < end; p++)
		if (forbidden((unsigned char)*p))
			return true;
	return false;
}

int metrics_http_parse(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *le, *next;
	size_t i;
	int st = 0, got;

	/* the request line, then header fields until an empty line */
	for (i = 0; (got = line_at(p, end, &le, &next)) > 0; i++, p = next) {
		if (has_forbidden(p, next))
			return 400;
		if (i == 0) {
			st = request_line(p, le);
			if (st == 400 || st == 505)
				return st;	/* no use reading on */
			continue;
		}
		if (le == p)
			return st;		/* the head is complete */
		if (*p == ' ' || *p == '\t' || !header_ok(p, le))
			return 400;		/* obs-fold or not a field */
	}
	if (got < 0 || has_forbidden(p, end))
		return 400;			/* refused before the line is whole */
	return len >= METRICS_REQUEST_MAX ? 431 : 0;
}

const char *metrics_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}
