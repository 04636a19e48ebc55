// SPDX-License-Identifier: GPL-2.0
/*
 * The SA table (sas.h), fed by charon's events. Their layout is vici's (strongSwan's
 * vici_query.c): ike-updown and child-updown carry "up = yes" when up and a section per IKE
 * SA, named after its conn, with its details (child-updown adds the one CHILD_SA in
 * "child-sas"); ike-rekey has "old" and "new" IKE details in that section; child-rekey has
 * "old" and "new" inside the child's section.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipsec/sas.h"
#include "ipsec/vici_msg.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

static struct ipsec_ike_sa *sas;
static size_t nsas, cap;
static struct ipsec_sas_stats stats;
static void (*child_down)(uint32_t mark_in);

void ipsec_sas_on_child_down(void (*fn)(uint32_t mark_in))
{
	child_down = fn;
}

static void tell_down(const struct ipsec_child_sa *c)
{
	if (c->mark_in && child_down)
		child_down(c->mark_in);
}

static void copy_str(char *dst, size_t size, const struct vici_node *n, const char *key)
{
	const char *v = vici_get_str(n, key);

	snprintf(dst, size, "%s", v ? v : "");
}

static uint32_t get_u32(const struct vici_node *n, const char *key)
{
	uint64_t v = 0;

	return vici_get_uint(n, key, UINT32_MAX, &v) ? 0 : (uint32_t)v;
}

/* vici writes marks as 8 hex digits */
static uint32_t get_mark(const struct vici_node *n, const char *key)
{
	const char *v = vici_get_str(n, key);
	char *end;
	unsigned long m;

	if (!v || !*v || strlen(v) > 8)
		return 0;
	m = strtoul(v, &end, 16);
	return *end ? 0 : (uint32_t)m;
}

static const char *first_ts(const struct vici_node *child, const char *key)
{
	const struct vici_node *l = vici_list(child, key);
	const char *v = l && l->child ? vici_node_str(l->child) : NULL;

	return v ? v : "";
}

static int parse_child(const struct vici_node *n, struct ipsec_child_sa *c)
{
	const char *enc = vici_get_str(n, "encr-alg"), *integ = vici_get_str(n, "integ-alg");
	uint32_t keysize = get_u32(n, "encr-keysize");

	memset(c, 0, sizeof(*c));
	c->uniqueid = get_u32(n, "uniqueid");
	if (!c->uniqueid)
		return -EINVAL;
	c->mark_in = get_mark(n, "mark-in");
	copy_str(c->name, sizeof(c->name), n, "name");
	copy_str(c->mode, sizeof(c->mode), n, "mode");
	snprintf(c->algs, sizeof(c->algs), "%s", enc ? enc : "");
	if (enc && keysize)
		snprintf(c->algs + strlen(c->algs), sizeof(c->algs) - strlen(c->algs), "-%u",
			 keysize);
	if (integ)
		snprintf(c->algs + strlen(c->algs), sizeof(c->algs) - strlen(c->algs), "/%s",
			 integ);
	snprintf(c->local_ts, sizeof(c->local_ts), "%s", first_ts(n, "local-ts"));
	snprintf(c->remote_ts, sizeof(c->remote_ts), "%s", first_ts(n, "remote-ts"));
	return 0;
}

/* An IKE SA's own details (not its children) from its section. */
static int parse_ike(const struct vici_node *sec, struct ipsec_ike_sa *s)
{
	uint64_t est = 0;

	memset(s, 0, sizeof(*s));
	s->uniqueid = get_u32(sec, "uniqueid");
	if (!s->uniqueid)
		return -EINVAL;
	snprintf(s->conn, sizeof(s->conn), "%s", sec->name ? sec->name : "");
	copy_str(s->local_host, sizeof(s->local_host), sec, "local-host");
	copy_str(s->remote_host, sizeof(s->remote_host), sec, "remote-host");
	copy_str(s->remote_id, sizeof(s->remote_id), sec, "remote-id");
	s->local_port = get_u32(sec, "local-port");
	s->remote_port = get_u32(sec, "remote-port");
	s->version = get_u32(sec, "version");
	s->initiator = vici_get_yes(sec, "initiator");
	if (!vici_get_uint(sec, "established", UINT32_MAX, &est))
		s->established = time(NULL) - (time_t)est;
	return 0;
}

static struct ipsec_ike_sa *find(uint32_t uniqueid)
{
	size_t i;

	for (i = 0; i < nsas; i++)
		if (sas[i].uniqueid == uniqueid)
			return &sas[i];
	return NULL;
}

static struct ipsec_ike_sa *slot(void)
{
	if (nsas == cap) {
		size_t n = cap ? cap * 2 : 16;
		struct ipsec_ike_sa *p;

		if (n > IPSEC_SAS_MAX || !(p = realloc(sas, n * sizeof(*p)))) {
			stats.full++;
			return NULL;
		}
		sas = p;
		cap = n;
	}
	return &sas[nsas++];
}

static void drop_ike(uint32_t uniqueid, bool tell)
{
	struct ipsec_ike_sa *s = find(uniqueid);
	size_t c;

	if (!s)
		return;
	for (c = 0; tell && c < s->nchild; c++)
		tell_down(&s->child[c]);
	*s = sas[--nsas];
}

/* The IKE SA's details replaced, its children kept. */
static struct ipsec_ike_sa *upsert_ike(const struct ipsec_ike_sa *in)
{
	struct ipsec_child_sa keep[IPSEC_CHILDREN_MAX];
	struct ipsec_ike_sa *s = find(in->uniqueid);
	size_t n;

	if (!s) {
		s = slot();
		if (s)
			*s = *in;
		return s;
	}
	n = s->nchild;
	memcpy(keep, s->child, sizeof(keep));
	*s = *in;
	memcpy(s->child, keep, sizeof(keep));
	s->nchild = n;
	return s;
}

static void put_child(struct ipsec_ike_sa *s, const struct ipsec_child_sa *c)
{
	size_t i;

	for (i = 0; i < s->nchild; i++)
		if (s->child[i].uniqueid == c->uniqueid)
			break;
	if (i == IPSEC_CHILDREN_MAX) {
		stats.full++;
		return;
	}
	s->child[i] = *c;
	if (i == s->nchild)
		s->nchild++;
}

static void drop_child(struct ipsec_ike_sa *s, uint32_t uniqueid, bool tell)
{
	size_t i;

	for (i = 0; i < s->nchild; i++)
		if (s->child[i].uniqueid == uniqueid) {
			if (tell)
				tell_down(&s->child[i]);
			s->child[i] = s->child[--s->nchild];
			return;
		}
}

/* Each child of a section's "child-sas": kept (up) or dropped. */
static void children(struct ipsec_ike_sa *s, const struct vici_node *sec, bool up)
{
	const struct vici_node *n;
	struct ipsec_child_sa c;

	vici_for_each(n, vici_section(sec, "child-sas")) {
		if (n->type != VICI_N_SECTION || parse_child(n, &c)) {
			stats.ignored++;
			continue;
		}
		if (up)
			put_child(s, &c);
		else
			drop_child(s, c.uniqueid, true);
	}
}

/* ike-updown, child-updown and list-sa: each IKE section */
static void updown(const struct vici_msg *msg, bool child_event, bool up)
{
	const struct vici_node *sec;
	struct ipsec_ike_sa in, *s;

	vici_for_each(sec, vici_root(msg)) {
		if (sec->type != VICI_N_SECTION)
			continue;
		if (parse_ike(sec, &in)) {
			stats.ignored++;
			continue;
		}
		if (!up && !child_event) {
			drop_ike(in.uniqueid, true);
			continue;
		}
		s = up ? upsert_ike(&in) : find(in.uniqueid);
		if (s)
			children(s, sec, up);
	}
}

static void ike_rekey(const struct vici_msg *msg)
{
	const struct vici_node *sec;
	struct ipsec_ike_sa old, new, *s;

	vici_for_each(sec, vici_root(msg)) {
		if (sec->type != VICI_N_SECTION || parse_ike(vici_section(sec, "old"), &old) ||
		    parse_ike(vici_section(sec, "new"), &new)) {
			stats.ignored++;
			continue;
		}
		snprintf(new.conn, sizeof(new.conn), "%s", sec->name);
		s = find(old.uniqueid);
		if (s) {	/* the children move to the new IKE SA */
			memcpy(new.child, s->child, sizeof(new.child));
			new.nchild = s->nchild;
			drop_ike(old.uniqueid, false);
		}
		if ((s = slot()))
			*s = new;
	}
}

static void child_rekey(const struct vici_msg *msg)
{
	const struct vici_node *sec, *n;
	struct ipsec_child_sa old, new;
	struct ipsec_ike_sa in, *s;

	vici_for_each(sec, vici_root(msg)) {
		if (sec->type != VICI_N_SECTION || parse_ike(sec, &in) ||
		    !(s = upsert_ike(&in))) {
			stats.ignored++;
			continue;
		}
		vici_for_each(n, vici_section(sec, "child-sas")) {
			if (parse_child(vici_section(n, "old"), &old) ||
			    parse_child(vici_section(n, "new"), &new)) {
				stats.ignored++;
				continue;
			}
			drop_child(s, old.uniqueid, old.mark_in != new.mark_in);
			put_child(s, &new);
		}
	}
}

void ipsec_sas_event(const char *name, const struct vici_msg *msg)
{
	bool up = vici_get_yes(vici_root(msg), "up");

	stats.events++;
	if (!strcmp(name, "ike-updown"))
		updown(msg, false, up);
	else if (!strcmp(name, "child-updown"))
		updown(msg, true, up);
	else if (!strcmp(name, "ike-rekey"))
		ike_rekey(msg);
	else if (!strcmp(name, "child-rekey"))
		child_rekey(msg);
}

void ipsec_sas_listed(const struct vici_msg *msg)
{
	updown(msg, false, true);
}

void ipsec_sas_clear(void)
{
	size_t i, c;

	for (i = 0; i < nsas; i++)
		for (c = 0; c < sas[i].nchild; c++)
			tell_down(&sas[i].child[c]);
	free(sas);
	sas = NULL;
	nsas = cap = 0;
}

size_t ipsec_sas_count(void)
{
	return nsas;
}

const struct ipsec_ike_sa *ipsec_sas_at(size_t i)
{
	return i < nsas ? &sas[i] : NULL;
}

const struct ipsec_ike_sa *ipsec_sas_find(uint32_t uniqueid)
{
	return find(uniqueid);
}

const struct ipsec_child_sa *ipsec_sas_by_mark(uint32_t mark, const struct ipsec_ike_sa **ike)
{
	size_t i, c;

	for (i = 0; mark && i < nsas; i++)
		for (c = 0; c < sas[i].nchild; c++)
			if (sas[i].child[c].mark_in == mark) {
				if (ike)
					*ike = &sas[i];
				return &sas[i].child[c];
			}
	return NULL;
}

const struct ipsec_sas_stats *ipsec_sas_stats(void)
{
	return &stats;
}
