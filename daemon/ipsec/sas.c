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
static void (*ike_change)(enum ipsec_ike_change what, const struct ipsec_ike_sa *s,
			  uint32_t old_id);

void ipsec_sas_on_ike(void (*fn)(enum ipsec_ike_change what, const struct ipsec_ike_sa *s,
				 uint32_t old_id))
{
	ike_change = fn;
}

static void tell_ike(enum ipsec_ike_change what, const struct ipsec_ike_sa *s, uint32_t old_id)
{
	if (ike_change)
		ike_change(what, s, old_id);
}

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

static uint64_t get_u64(const struct vici_node *n, const char *key)
{
	uint64_t v = 0;

	return vici_get_uint(n, key, UINT64_MAX, &v) ? 0 : v;
}

/* the first item of a list ("" if none or not printable) */
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
	c->bytes_in = get_u64(n, "bytes-in");
	c->bytes_out = get_u64(n, "bytes-out");
	c->packets_in = get_u64(n, "packets-in");
	c->packets_out = get_u64(n, "packets-out");
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
	copy_str(s->remote_eap_id, sizeof(s->remote_eap_id), sec,
		 vici_get_str(sec, "remote-eap-id") ? "remote-eap-id" : "remote-xauth-id");
	snprintf(s->remote_vip, sizeof(s->remote_vip), "%s", first_ts(sec, "remote-vips"));
	snprintf(s->local_vip, sizeof(s->local_vip), "%s", first_ts(sec, "local-vips"));
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
	if (tell)
		tell_ike(IPSEC_IKE_DOWN, s, 0);
	*s = sas[--nsas];
}

/* The IKE SA's details replaced, its children kept. */
static struct ipsec_ike_sa *upsert_ike(const struct ipsec_ike_sa *in)
{
	struct ipsec_child_sa keep[IPSEC_CHILDREN_MAX];
	struct ipsec_ike_sa *s = find(in->uniqueid);
	struct ipsec_counters gone;
	size_t n;

	if (!s) {
		s = slot();
		if (s)
			*s = *in;
		return s;
	}
	gone = s->gone;
	n = s->nchild;
	memcpy(keep, s->child, sizeof(keep));
	*s = *in;
	memcpy(s->child, keep, sizeof(keep));
	s->nchild = n;
	s->gone = gone;
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

static void add_counters(struct ipsec_counters *to, const struct ipsec_child_sa *c)
{
	to->bytes_in += c->bytes_in;
	to->bytes_out += c->bytes_out;
	to->packets_in += c->packets_in;
	to->packets_out += c->packets_out;
}

/* A CHILD_SA gone: its traffic (final if the event told it, else as last told) is kept. */
static void drop_child(struct ipsec_ike_sa *s, const struct ipsec_child_sa *final, bool tell)
{
	size_t i;

	for (i = 0; i < s->nchild; i++)
		if (s->child[i].uniqueid == final->uniqueid) {
			if (tell)
				tell_down(&s->child[i]);
			add_counters(&s->gone, final->bytes_in || final->bytes_out ||
				     final->packets_in || final->packets_out ? final : &s->child[i]);
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
			drop_child(s, &c, true);
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
		s = up ? upsert_ike(&in) : find(in.uniqueid);
		if (s)
			children(s, sec, up);
		if (!up && !child_event)
			drop_ike(in.uniqueid, true);
		else if (s && up && !child_event && s->established)
			tell_ike(IPSEC_IKE_UP, s, 0);
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
		if (s) {	/* the children, their traffic and the addresses move on */
			memcpy(new.child, s->child, sizeof(new.child));
			new.nchild = s->nchild;
			new.gone = s->gone;
			if (!*new.remote_vip)
				memcpy(new.remote_vip, s->remote_vip, sizeof(new.remote_vip));
			if (!*new.local_vip)
				memcpy(new.local_vip, s->local_vip, sizeof(new.local_vip));
			if (!*new.remote_eap_id)
				memcpy(new.remote_eap_id, s->remote_eap_id,
				       sizeof(new.remote_eap_id));
			drop_ike(old.uniqueid, false);
		}
		if ((s = slot())) {
			*s = new;
			tell_ike(IPSEC_IKE_REKEYED, s, old.uniqueid);
		}
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
			drop_child(s, &old, old.mark_in != new.mark_in);
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

	for (i = 0; i < nsas; i++) {
		for (c = 0; c < sas[i].nchild; c++)
			tell_down(&sas[i].child[c]);
		tell_ike(IPSEC_IKE_DOWN, &sas[i], 0);
	}
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

void ipsec_sas_counters(const struct ipsec_ike_sa *s, struct ipsec_counters *out)
{
	size_t c;

	*out = s->gone;
	for (c = 0; c < s->nchild; c++)
		add_counters(out, &s->child[c]);
}

const struct ipsec_sas_stats *ipsec_sas_stats(void)
{
	return &stats;
}
