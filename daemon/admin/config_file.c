// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "admin/cli.h"
#include "admin/config.h"
#include "admin/config_file.h"
#include "admin/config_text.h"
#include "core/log.h"
#include "fdio.h"
#include "script.h"

static char *file;

/*
 * New files carry a suffix nothing else uses, FILE.sluice-new.XXXXXX, so the sweep at start
 * can remove what a crash left without touching anybody's FILE.backup or FILE.rpmnew.
 */
#define NEW_SUFFIX ".sluice-new."

static bool mkstemp_tail(const char *s)
{
	size_t i;

	for (i = 0; i < 6; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return !s[6];
}

static void sweep_temporaries(const char *path)
{
	char *dir_copy = strdup(path), *base_copy = strdup(path), prefix[4096];
	const char *base;
	struct dirent *e;
	DIR *d = NULL;
	int dfd;

	if (!dir_copy || !base_copy)
		goto out;
	base = basename(base_copy);
	if ((size_t)snprintf(prefix, sizeof(prefix), "%s" NEW_SUFFIX, base) >= sizeof(prefix))
		goto out;
	d = opendir(dirname(dir_copy));
	if (!d)
		goto out;
	dfd = dirfd(d);
	while ((e = readdir(d))) {
		struct stat st;

		if (strncmp(e->d_name, prefix, strlen(prefix)) ||
		    !mkstemp_tail(e->d_name + strlen(prefix)))
			continue;
		if (!fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && !unlinkat(dfd, e->d_name, 0))
			log_info("removed %s%s, left by an interrupted save", prefix, e->d_name + strlen(prefix));
	}
out:
	if (d)
		closedir(d);
	free(dir_copy);
	free(base_copy);
}

void config_set_file(const char *path)
{
	free(file);
	file = path ? strdup(path) : NULL;
	if (file)
		sweep_temporaries(file);
}

static int run_line(struct cli_session *cs, const struct script *s, const char *path,
		    struct strbuf *err)
{
	struct strbuf out, why;
	int ret;

	sb_init(&out);
	sb_init(&why);
	ret = cli_exec(cs, s->cmd, 0, &out, &why);
	if (ret)
		sb_printf(err, "%s:%zu: %s", path, s->first, why.p ? why.p : "failed");
	sb_free(&out);
	sb_free(&why);
	return ret;
}

/* Runs a script's commands from f; 0, or -1 with the failing line in err. */
static int run_stream(FILE *f, const char *path, struct strbuf *err)
{
	struct cli_session cs;
	struct script *s = malloc(sizeof(*s));
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;
	enum script_status st;

	if (!s) {
		sb_puts(err, "out of memory");
		return -1;
	}
	script_init(s);
	cli_session_init(&cs);
	while (!ret && getline(&line, &cap, f) >= 0) {
		st = script_feed(s, line);
		if (st == SCRIPT_TOO_LONG) {
			sb_printf(err, "%s:%zu: command too long", path, s->first);
			ret = -1;
		} else if (st == SCRIPT_CMD) {
			ret = run_line(&cs, s, path, err);
		}
	}
	if (!ret && (st = script_end(s)) != SCRIPT_MORE)
		ret = st == SCRIPT_CMD ? run_line(&cs, s, path, err) : -1;
	free(line);
	free(s);
	return ret;
}

int config_load(const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		if (errno == ENOENT) {
			log_info("config %s does not exist yet: starting with an empty configuration", path);
			return 0;
		}
		sb_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	config_script_begin();
	ret = run_stream(f, path, err);
	fclose(f);
	if (config_script_end(ret != 0, err)) {
		if (!ret)
			sb_printf(err, " in %s", path);
		ret = -1;
	}
	return ret;
}

/*
 * A script is all or nothing: what the configuration was at its start (as export prints
 * it) comes back if a line fails or a reference is still missing at its end.
 */
static struct strbuf snapshot;
static bool in_script;

void config_script_begin(void)
{
	if (in_script)
		return;
	in_script = true;
	sb_init(&snapshot);
	config_export(false, &snapshot);
	config_defer_refs(true);
}

bool config_in_script(void)
{
	return in_script;
}

static void restore_snapshot(void)
{
	struct strbuf err;
	FILE *f = fmemopen(snapshot.p, snapshot.len, "r");

	sb_init(&err);
	config_reset();
	if (!f || snapshot.oom || run_stream(f, "the configuration before the script", &err))
		log_err("config: could not restore the configuration: %s",
			err.p ? err.p : "out of memory");
	if (f)
		fclose(f);
	sb_free(&err);
}

int config_script_end(bool failed, struct strbuf *err)
{
	int ret = failed ? -1 : 0;

	if (!in_script)
		return ret;
	if (!failed && config_check_refs(err))
		ret = -1;
	if (ret) {
		restore_snapshot();	/* references are still deferred: the file is whole */
		if (!failed)
			sb_puts(err, "; nothing of the script was applied");
	}
	config_defer_refs(false);
	in_script = false;
	sb_free(&snapshot);
	return ret;
}

/* The directory entry of the rename must reach the disk too. */
static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, ret = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		ret = fsync(fd);
		close(fd);
	}
	free(copy);
	return ret;
}

/*
 * A fresh temporary name in the same directory (mkstemp: nobody can have opened it
 * before us), 0600 from the start since the passwords are in it; renamed over the file.
 */
static int write_file(const char *path, const struct strbuf *text)
{
	char tmp[4096];
	int fd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s" NEW_SUFFIX "XXXXXX", path) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0600) || fd_write_all(fd, text->p, text->len) || fsync(fd)) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) || rename(tmp, path)) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return sync_dir(path);
}

int config_save(struct strbuf *err)
{
	struct strbuf text;
	int ret = 0;

	if (!file || !config_dirty())
		return 0;
	sb_init(&text);
	config_export(false, &text);
	if (text.oom) {
		sb_printf(err, "could not save the configuration to %s: out of memory", file);
		ret = -1;
	} else if (write_file(file, &text)) {
		sb_printf(err, "could not save the configuration to %s: %s", file, strerror(errno));
		ret = -1;
	}
	if (!ret)
		config_clean();
	else
		log_err("%s", err->p);
	sb_free(&text);
	return ret;
}
