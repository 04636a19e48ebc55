// SPDX-License-Identifier: GPL-2.0
/*
 * From the /ip ipsec menus to charon's load-conn and load-shared messages (conn.h). The
 * mapping, property by property, is in docs/ipsec.md "From the menus to charon"; what
 * charon has no equivalent for (proposal-check, nat-traversal=no, policy level) is stored
 * and said there.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "cert/cert.h"
#include "ipsec/conn.h"
#include "ipsec/identity_menu.h"
#include "ipsec/keys.h"
#include "ipsec/mode_config_menu.h"
#include "ipsec/peer_menu.h"
#include "ipsec/policy_menu.h"
#include "ipsec/pools.h"
#include "ipsec/profile_menu.h"
#include "ipsec/proposal_menu.h"
#define LOG_TOPIC LOG_T_IPSEC
#include "core/log.h"

#define L2TP_PORT 1701
#define IPPROTO_UDP_NUM 17

/* --- algorithm names: RouterOS's words (config_types.c's order) to strongSwan's */

static const char *const ike_enc_names[] = {
	"3des", "aes128", "aes192", "aes256", "blowfish128", "camellia128", "camellia192",
	"camellia256", "des",
};
static const char *const hash_names[] = { "md5", "sha1", "sha256", "sha512" };
static const char *const dh_names[] = {
	"modp768", "modp1024", "modp1536", "modp2048", "modp3072", "modp4096", "modp6144",
	"modp8192", "ecp256", "ecp384", "ecp521",
};
/* esp-auth: null is no integrity (only with AEAD or null encryption) */
static const char *const esp_auth_names[] = { "md5", NULL, "sha1", "sha256", "sha512" };
static const char *const esp_enc_names[] = {
	"null", "des", "3des", "aes128", "aes128ctr", "aes128gcm16", "aes192", "aes192ctr",
	"aes192gcm16", "aes256", "aes256ctr", "aes256gcm16", "blowfish128", "camellia128",
	"camellia192", "camellia256", "twofish128",
};

#define NAME_OF(table, i) ((i) < sizeof(table) / sizeof(table[0]) ? table[i] : NULL)

const char *ipsec_ike_enc_name(unsigned int word)
{
	return NAME_OF(ike_enc_names, word);
}

const char *ipsec_esp_enc_name(unsigned int word)
{
	return NAME_OF(esp_enc_names, word);
}

const char *ipsec_dh_name(unsigned int word)
{
	return NAME_OF(dh_names, word);
}

static bool esp_enc_is_aead(unsigned int word)
{
	const char *n = ipsec_esp_enc_name(word);

	return n && strstr(n, "gcm");
}

/*
 * What the L2TP/IPsec clients of Windows, macOS, iOS and Android propose (the list and its
 * sources: docs/ipsec.md "L2TP/IPsec clients"): a main-l2tp peer accepts these after its
 * profile's and proposal's own, so that the page's "works with Windows, Android, iOS,
 * macOS" holds with the default configuration.
 */
static const char l2tp_ike_compat[] =
	"aes256-aes192-aes128-3des-sha256-sha1-sha384-sha512-md5-"
	"modp2048-modp1536-modp1024-ecp256-ecp384";
static const char l2tp_esp_compat[] = "aes256-aes192-aes128-3des-sha1-sha256-md5";
static const char l2tp_esp_compat_gcm[] = "aes256gcm16-aes128gcm16";

/* --- small formatters */

/* "a-b-c" from a word sequence, appended */
static void append_names(char *out, size_t cap, const struct cfg_word_seq *s,
			 const char *(*name)(unsigned int), bool (*want)(unsigned int))
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		const char *n = name(s->w[i]);
		size_t len = strlen(out);

		if (n && (!want || want(s->w[i])))
			snprintf(out + len, cap - len, "%s%s", len ? "-" : "", n);
	}
}

static void append_word(char *out, size_t cap, const char *w)
{
	size_t len = strlen(out);

	if (w)
		snprintf(out + len, cap - len, "%s%s", len ? "-" : "", w);
}

static const char *hash_name(unsigned int i)
{
	return NAME_OF(hash_names, i);
}

static const char *esp_auth_name(unsigned int i)
{
	return NAME_OF(esp_auth_names, i);
}

static bool not_aead(unsigned int w)
{
	return !esp_enc_is_aead(w);
}

static void addr_text(const struct cfg_ip_addr *a, char *out, size_t cap)
{
	if (!a->family || !inet_ntop(a->family, a->addr, out, (socklen_t)cap))
		snprintf(out, cap, "%%any");
}

/* a traffic selector: "10.0.0.0/24[17/1701]" (protocol 0: all; port 0: any) */
static void ts_text(const struct cfg_ip_prefix *p, unsigned int proto, unsigned int port,
		    char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	int n;

	addr_text(&p->a, a, sizeof(a));
	n = snprintf(out, cap, "%s/%u", a, p->len);
	if (n < 0 || (size_t)n >= cap || (!proto && !port))
		return;
	if (port)
		snprintf(out + n, cap - (size_t)n, "[%u/%u]", proto, port);
	else
		snprintf(out + n, cap - (size_t)n, "[%u]", proto);
}

/* strongSwan's identity syntax for my-id and remote-id; NULL for auto */
static const char *id_text(const struct cfg_ike_id *id, char *out, size_t cap)
{
	static const char *const prefix[] = {
		[CFG_ID_FQDN] = "fqdn:", [CFG_ID_USER_FQDN] = "userfqdn:",
		[CFG_ID_KEY_ID] = "keyid:", [CFG_ID_DN] = "asn1dn:",
	};

	switch (id->kind) {
	case CFG_ID_AUTO:
		return NULL;
	case CFG_ID_IGNORE:
		return "%any";
	case CFG_ID_ADDRESS:
		snprintf(out, cap, "%s", id->value);
		return out;
	default:
		if (id->kind >= sizeof(prefix) / sizeof(prefix[0]) || !prefix[id->kind])
			return NULL;
		snprintf(out, cap, "%s%s", prefix[id->kind], id->value);
		return out;
	}
}

/* --- the set */

struct ipsec_item *ipsec_set_add(struct ipsec_set *s, enum ipsec_item_kind kind,
				 const char *name)
{
	struct ipsec_item *it;

	if (s->n == IPSEC_ITEMS_MAX)
		return NULL;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct ipsec_item *items = realloc(s->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		s->items = items;
		s->cap = cap;
	}
	it = &s->items[s->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	snprintf(it->name, sizeof(it->name), "%s", name);
	vici_build_init(&it->msg, IPSEC_MSG_MAX);
	return it;
}

static void set_drop_last(struct ipsec_set *s)
{
	vici_build_free(&s->items[--s->n].msg);
	s->skipped++;
}

void ipsec_set_free(struct ipsec_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		vici_build_free(&s->items[i].msg);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

const struct ipsec_item *ipsec_set_find(const struct ipsec_set *s, enum ipsec_item_kind kind,
					const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->items[i].kind == kind && !strcmp(s->items[i].name, name))
			return &s->items[i];
	return NULL;
}

bool ipsec_item_same(const struct ipsec_item *a, const struct ipsec_item *b)
{
	return a->kind == b->kind && a->msg.len == b->msg.len &&
	       !memcmp(a->msg.buf, b->msg.buf, a->msg.len);
}

/* --- one connection */

struct conn_ctx {
	const char *name;			/* "<peer>/<n>" */
	const struct ipsec_peer_cfg *peer;
	const struct ipsec_identity_cfg *id;
	const struct ipsec_profile_cfg *profile;
	bool l2tp;				/* exchange-mode main-l2tp */
	bool responder;				/* passive, or policies generated */
	/* mode-config: we hand out addresses (mc_server), or ask for one (mc_client) */
	const struct ipsec_mode_config_cfg *mc;
	bool mc_server, mc_client;
};

static void ike_proposals(struct vici_builder *b, const struct conn_ctx *c)
{
	const struct ipsec_profile_cfg *p = c->profile;
	char prop[512] = "";

	append_names(prop, sizeof(prop), &p->enc_algorithm, ipsec_ike_enc_name, NULL);
	append_word(prop, sizeof(prop), hash_name(p->hash_algorithm));
	append_names(prop, sizeof(prop), &p->dh_group, ipsec_dh_name, NULL);
	vici_build_list(b, "proposals");
	vici_build_item(b, prop);
	if (c->l2tp)
		vici_build_item(b, l2tp_ike_compat);
	vici_build_list_end(b);
}

static void esp_items(struct vici_builder *b, const struct ipsec_proposal_cfg *pr,
		      const char *dh)
{
	char classic[512] = "", aead[256] = "";

	append_names(classic, sizeof(classic), &pr->enc_algorithms, ipsec_esp_enc_name,
		     not_aead);
	if (*classic)
		append_names(classic, sizeof(classic), &pr->auth_algorithms, esp_auth_name, NULL);
	append_names(aead, sizeof(aead), &pr->enc_algorithms, ipsec_esp_enc_name,
		     esp_enc_is_aead);
	append_word(classic, sizeof(classic), *classic ? dh : NULL);
	append_word(aead, sizeof(aead), *aead ? dh : NULL);
	if (*classic)
		vici_build_item(b, classic);
	if (*aead)
		vici_build_item(b, aead);
}

/*
 * A proposal's ESP algorithms, with its PFS group; a responder also takes them without
 * PFS, since the initiator decides (RouterOS serves Windows, which asks for none, with
 * the default proposal's pfs-group=modp1024). An L2TP client (l2tp_client) proposes them
 * without PFS, as Windows and the other stock clients do: stock L2TP/IPsec servers mostly
 * have none, and IKEv1 cannot offer both (charon sends only the proposals that share the
 * first one's group, its KE payload being one).
 */
static void esp_proposals(struct vici_builder *b, const char *key,
			  const struct ipsec_proposal_cfg *pr, const struct conn_ctx *c,
			  bool l2tp_client)
{
	const char *dh = pr->pfs_group ? ipsec_dh_name(pr->pfs_group - 1) : NULL;

	vici_build_list(b, key);
	esp_items(b, pr, l2tp_client && !c->responder ? NULL : dh);
	if (dh && c->responder)
		esp_items(b, pr, NULL);
	if (c->l2tp) {
		vici_build_item(b, l2tp_esp_compat);
		vici_build_item(b, l2tp_esp_compat_gcm);
	}
	vici_build_list_end(b);
}

static void child_lifetimes(struct vici_builder *b, unsigned int lifetime)
{
	if (!lifetime)
		return;
	vici_build_kvf(b, "rekey_time", "%u", lifetime - lifetime / 10);
	vici_build_kvf(b, "life_time", "%u", lifetime);
}

/* L2TP's transport SA: udp/1701 on our side, any UDP port on the client's (some clients
 * send from another port). Each CHILD_SA gets a mark of its own on its inbound packets
 * (set_mark_in): the L2TP server reads it (SO_RCVMARK) to know a tunnel came through
 * IPsec, and to tell apart clients behind one NAT (docs/ipsec.md "Many clients behind one
 * NAT"); the mark also keys the SA's policies, outbound included. */
static void l2tp_child(struct vici_builder *b, const struct conn_ctx *c)
{
	const struct ipsec_proposal_cfg *pr = ipsec_proposal_find("default");
	char local[64];

	snprintf(local, sizeof(local), "dynamic[%u/%u]", IPPROTO_UDP_NUM, L2TP_PORT);
	vici_build_section(b, IPSEC_L2TP_CHILD);
	vici_build_kv(b, "mode", "transport");
	vici_build_list(b, "local_ts");
	vici_build_item(b, local);
	vici_build_list_end(b);
	vici_build_list(b, "remote_ts");
	vici_build_item(b, "dynamic[17]");
	vici_build_list_end(b);
	if (pr) {
		esp_proposals(b, "esp_proposals", pr, c, false);
		child_lifetimes(b, pr->lifetime);
	}
	vici_build_kv(b, "mark_in", "%unique");
	vici_build_kv(b, "mark_out", "%unique");
	vici_build_kv(b, "set_mark_in", "%same");
	vici_build_end(b);
}

/* transport mode for UDP: what an L2TP client's dynamic policy is */
static bool l2tp_policy(const struct ipsec_policy_cfg *pol)
{
	return !pol->tunnel && pol->protocol == IPPROTO_UDP_NUM;
}

/* A policy (static, or a template for generated ones) as a child. */
/*
 * A selector list: "dynamic" (a virtual IP: the one we gave, or the one we got), or the
 * prefix; a template's ::/0 is any address of either family, as on RouterOS.
 */
static void selector(struct vici_builder *b, const char *key, const struct cfg_ip_prefix *p,
		     unsigned int proto, unsigned int port, bool dynamic, bool template)
{
	static const uint8_t zero[16];
	struct cfg_ip_prefix any = *p;
	char ts[96];

	/* a template left at the default 0.0.0.0/32 matches anything, as the page's client
	 * example ("add group=ike2-rw proposal=ike2-rw template=yes") needs */
	if (template && p->a.family == AF_INET && p->len == 32 && !memcmp(p->a.addr, zero, 4)) {
		any.len = 0;
		p = &any;
	}
	vici_build_list(b, key);
	if (dynamic) {
		vici_build_item(b, "dynamic");
	} else {
		ts_text(p, proto, port, ts, sizeof(ts));
		vici_build_item(b, ts);
		if (p->a.family == AF_INET6 && !p->len && !proto && !port)
			vici_build_item(b, "0.0.0.0/0");
	}
	vici_build_list_end(b);
}

/* A policy (static, or a template for generated ones) as a child. */
static void policy_child(struct vici_builder *b, const struct conn_ctx *c,
			 const struct ipsec_policy_cfg *pol, unsigned int n)
{
	const struct ipsec_proposal_cfg *pr = ipsec_proposal_find(pol->proposal);
	bool ports = !(pol->template && c->id->generate_policy == CFG_GP_PORT_OVERRIDE);
	bool rw = pol->template && (c->mc_server || c->mc_client);
	char name[32];

	snprintf(name, sizeof(name), "%s%u", pol->template ? "template" : "policy", n);
	vici_build_section(b, name);
	if (pol->action == CFG_PA_NONE || pol->action == CFG_PA_DISCARD)
		vici_build_kv(b, "mode", pol->action == CFG_PA_NONE ? "pass" : "drop");
	else	/* a road warrior's policy is between its address and networks: a tunnel */
		vici_build_kv(b, "mode", pol->tunnel || rw ? "tunnel" : "transport");
	selector(b, "local_ts", &pol->src_address, pol->protocol, ports ? pol->src_port : 0,
		 pol->template && c->mc_client, pol->template);
	selector(b, "remote_ts", &pol->dst_address, pol->protocol, ports ? pol->dst_port : 0,
		 pol->template && c->mc_server, pol->template);
	if (pr && !pr->disabled) {
		esp_proposals(b, pol->ipsec_protocols ? "ah_proposals" : "esp_proposals", pr, c,
			      l2tp_policy(pol));
		child_lifetimes(b, pr->lifetime);
	}
	/* an initiator installs the policies and negotiates on the first packet, as
	 * RouterOS does; shunts (pass, drop) need the same to be installed at all; a
	 * mode-config client cannot (its address comes with the SA): it starts at once */
	if (pol->action != CFG_PA_ENCRYPT || (!c->responder && !c->mc_client))
		vici_build_kv(b, "start_action", "trap");
	else if (c->mc_client)
		vici_build_kv(b, "start_action", "start");
	vici_build_end(b);
}

static bool policy_applies(const struct ipsec_policy_cfg *pol, const struct conn_ctx *c)
{
	if (pol->disabled)
		return false;
	if (c->id->generate_policy != CFG_GP_NO)
		return pol->template && pol->group &&
		       !strcmp(pol->group, c->id->policy_template_group ?
				c->id->policy_template_group : "default");
	return !pol->template && pol->peer && !strcmp(pol->peer, c->peer->name);
}

static void children(struct vici_builder *b, const struct conn_ctx *c)
{
	const struct ipsec_policy_cfg *pol;
	size_t i;

	vici_build_section(b, "children");
	if (c->l2tp)
		l2tp_child(b, c);
	for (i = 0; !c->l2tp && (pol = ipsec_policy_at(i)); i++)
		if (policy_applies(pol, c))
			policy_child(b, c, pol, (unsigned int)i);
	vici_build_end(b);
}

static const char *auth_of(unsigned int method)
{
	switch (method) {
	case CFG_IKE_PSK:
		return "psk";
	case CFG_IKE_CERT:
	case CFG_IKE_RSA_KEY:
	case CFG_IKE_EAP_RADIUS:	/* ours: the certificate; theirs: EAP (auth_round) */
		return "pubkey";
	default:
		return NULL;
	}
}

/* A certificate of the store as a DER item of the list being built; -1 if it has none. */
static int cert_item(struct vici_builder *b, const struct cert *c)
{
	unsigned char *der = NULL;
	size_t len = 0;

	if (!c || cert_der(c, &der, &len))
		return -1;
	vici_build_item_blob(b, der, len);
	OPENSSL_free(der);
	return 0;
}

/* digital-signature: ours with its certificate; theirs with remote-certificate, else any
 * signed by one of the trusted CAs of /certificate */
static int cert_round(struct vici_builder *b, const struct conn_ctx *c, bool local)
{
	const char *name = local ? c->id->certificate : c->id->remote_certificate;
	const struct cert *ca;
	int ret = 0;

	if (local || (name && *name)) {
		vici_build_list(b, "certs");
		ret = cert_item(b, cert_find(name ? name : ""));
		vici_build_list_end(b);
		return ret;
	}
	vici_build_list(b, "cacerts");
	for (ca = cert_next(NULL); ca; ca = cert_next(ca))
		if (cert_is_ca(ca) && cert_trusted(ca))
			cert_item(b, ca);
	vici_build_list_end(b);
	return 0;
}

/* rsa-key: ours (key=, a private key) and theirs (remote-key=) as raw public keys; the IDs
 * default to the keys' key IDs on both sides. -ENOENT when a key is missing or not private. */
static int key_round(struct vici_builder *b, const struct conn_ctx *c, bool local)
{
	const struct ipsec_key *k = ipsec_keystore_find(local ? c->id->key : c->id->remote_key);
	unsigned char *der = NULL;
	size_t len = 0;

	if (!k || (local && !ipsec_key_private(k)) || ipsec_key_public_der(k, &der, &len))
		return -ENOENT;
	vici_build_list(b, "pubkeys");
	vici_build_item_blob(b, der, len);
	vici_build_list_end(b);
	OPENSSL_free(der);
	return 0;
}

static int auth_round(struct vici_builder *b, const struct conn_ctx *c, bool local,
		      const char *auth, const char *id)
{
	int ret = 0;

	bool eap = c->id->auth_method == CFG_IKE_EAP_RADIUS;

	vici_build_section(b, local ? "local" : "remote");
	/* EAP through sluiced's RADIUS server (ipsec/eap_server.h), which asks the client
	 * its identity: charon's eap-radius with any EAP identity */
	vici_build_kv(b, "auth", eap && !local ? "eap-radius" : auth);
	if (eap && !local)
		vici_build_kv(b, "eap_id", "%any");
	if (id)
		vici_build_kv(b, "id", id);
	if (c->id->auth_method == CFG_IKE_CERT || (eap && local))
		ret = cert_round(b, c, local);
	else if (c->id->auth_method == CFG_IKE_RSA_KEY)
		ret = key_round(b, c, local);
	vici_build_end(b);
	return ret;
}

static void addresses(struct vici_builder *b, const struct ipsec_peer_cfg *p)
{
	char a[INET6_ADDRSTRLEN + 8];

	if (p->local_address.family) {
		addr_text(&p->local_address, a, sizeof(a));
		vici_build_list(b, "local_addrs");
		vici_build_item(b, a);
		vici_build_list_end(b);
	}
	if (p->address.host)
		snprintf(a, sizeof(a), "%s", p->address.host);
	else if (!p->address.prefix.len)
		snprintf(a, sizeof(a), "%%any");
	else if (p->address.prefix.len == (p->address.prefix.a.family == AF_INET6 ? 128u : 32u))
		addr_text(&p->address.prefix.a, a, sizeof(a));	/* one host: an initiator needs it bare */
	else
		ts_text(&p->address.prefix, 0, 0, a, sizeof(a));
	vici_build_list(b, "remote_addrs");
	vici_build_item(b, a);
	vici_build_list_end(b);
	if (p->port != 500)
		vici_build_kvf(b, "remote_port", "%u", p->port);
}

static void ike_settings(struct vici_builder *b, const struct conn_ctx *c)
{
	const struct ipsec_profile_cfg *p = c->profile;
	unsigned int mode = c->peer->exchange_mode;

	/* main-l2tp takes IKEv1 and IKEv2: today's clients use either */
	vici_build_kv(b, "version", mode == CFG_XM_IKE2 ? "2" : c->l2tp ? "0" : "1");
	if (mode == CFG_XM_AGGRESSIVE)
		vici_build_kv(b, "aggressive", "yes");
	ike_proposals(b, c);
	if (p->lifetime)
		vici_build_kvf(b, "rekey_time", "%u", p->lifetime);
	if (p->dpd_interval) {
		vici_build_kvf(b, "dpd_delay", "%u", p->dpd_interval);
		vici_build_kvf(b, "dpd_timeout", "%u",
			       p->dpd_interval * (p->dpd_maximum_failures + 1));
	}
	if (!c->peer->send_initial_contact)
		vici_build_kv(b, "unique", "never");
	vici_build_kv(b, "send_certreq", c->id->auth_method == CFG_IKE_CERT ? "yes" : "no");
}

/*
 * mode-config: a responder names its address blocks (pools.h), after "radius" for EAP
 * clients, whose address sluiced's RADIUS server gives; a client asks for an address.
 */
static void mode_config(struct vici_builder *b, const struct conn_ctx *c)
{
	char names[1024], *save, *p;
	int ret;

	if (c->mc_client) {
		vici_build_list(b, "vips");
		vici_build_item(b, "0.0.0.0");
		vici_build_list_end(b);
	}
	if (!c->mc_server)
		return;
	ret = ipsec_pools_names(c->mc, names, sizeof(names));
	vici_build_list(b, "pools");
	if (c->id->auth_method == CFG_IKE_EAP_RADIUS)
		vici_build_item(b, "radius");
	for (p = strtok_r(names, ",", &save); !ret && p; p = strtok_r(NULL, ",", &save))
		vici_build_item(b, p);
	vici_build_list_end(b);	/* without addresses (logged): who needs none still can */
}

/*
 * Our ID: my-id, or with auto and a certificate, as a responder, its first subjectAltName:
 * clients (Android's strongSwan, macOS, iOS) send the server's address or name as IDr, and
 * charon finds a conn only if its own ID matches that (the certificate's DN would not).
 */
static const char *my_id(const struct conn_ctx *c, char *out, size_t cap)
{
	const char *id = id_text(&c->id->my_id, out, cap);
	bool certificate = c->id->auth_method == CFG_IKE_CERT ||
			   c->id->auth_method == CFG_IKE_EAP_RADIUS;

	if (id || !certificate || !c->peer->passive ||
	    !cert_first_san(cert_find(c->id->certificate ? c->id->certificate : ""), out, cap))
		return id;
	return out;
}

static int conn_message(struct vici_builder *b, const struct conn_ctx *c)
{
	const char *auth = auth_of(c->id->auth_method);
	char my[CFG_VALUE_MAX + 16], their[CFG_VALUE_MAX + 16];

	if (!auth)
		return -EOPNOTSUPP;
	vici_build_section(b, c->name);
	addresses(b, c->peer);
	ike_settings(b, c);
	mode_config(b, c);
	if (auth_round(b, c, true, auth, my_id(c, my, sizeof(my))) ||
	    auth_round(b, c, false, auth, id_text(&c->id->remote_id, their, sizeof(their))))
		return -ENOENT;
	children(b, c);
	vici_build_end(b);
	return vici_build_finish(b);
}

/* The identity's key, for the peers it names: owners only when the peer is one address,
 * else charon takes it for anyone (the L2TP server's peer is everybody). */
static int shared_message(struct vici_builder *b, const struct conn_ctx *c,
			  const char *id)
{
	char their[CFG_VALUE_MAX + 16];
	const char *owner = id_text(&c->id->remote_id, their, sizeof(their));
	/* an IKEv2 initiator looks its key up before it knows the responder's ID (charon
	 * asks for "%any"): with remote-id=auto the key answers to that too */
	bool any_too = !owner && !c->peer->passive && c->peer->exchange_mode == CFG_XM_IKE2;

	vici_build_kv(b, "id", id);
	vici_build_kv(b, "type", "IKE");
	vici_build_kv(b, "data", c->id->secret ? c->id->secret : "");
	if (!owner && !c->peer->address.host && c->peer->address.prefix.len ==
	    (c->peer->address.prefix.a.family == AF_INET6 ? 128u : 32u))
		owner = (addr_text(&c->peer->address.prefix.a, their, sizeof(their)), their);
	vici_build_list(b, "owners");
	if (owner && strcmp(owner, "%any"))
		vici_build_item(b, owner);
	if (any_too && owner)
		vici_build_item(b, "%any");
	vici_build_list_end(b);
	return vici_build_finish(b);
}

/* A private key for charon (load-key takes PKCS#8 DER), once per name; the DER is wiped. */
static int add_key_der(struct ipsec_set *s, const char *name, unsigned char *der, size_t len)
{
	struct ipsec_item *it = ipsec_set_add(s, IPSEC_KEY, name);
	int ret;

	if (it) {
		vici_build_kv(&it->msg, "type", "any");
		vici_build_kv_blob(&it->msg, "data", der, len);
	}
	OPENSSL_clear_free(der, len);
	if (!it)
		return -ENOMEM;
	ret = vici_build_finish(&it->msg);
	if (ret)
		set_drop_last(s);
	return ret == -ENOMEM ? ret : 0;
}

/* our certificate's private key: "key/<certificate>" */
static int add_key(struct ipsec_set *s, const char *cert)
{
	const struct cert *c = cert_find(cert ? cert : "");
	unsigned char *der = NULL;
	char name[IPSEC_NAME_MAX];
	size_t len = 0;

	snprintf(name, sizeof(name), "key/%s", cert ? cert : "");
	if (ipsec_set_find(s, IPSEC_KEY, name))
		return 0;
	if (!c || cert_key_der(c, &der, &len)) {
		log_warn("ipsec: certificate %s: no private key to give charon", cert ? cert : "");
		return 0;
	}
	return add_key_der(s, name, der, len);
}

/* an /ip ipsec key (rsa-key): "rsakey/<key>" */
static int add_rsa_key(struct ipsec_set *s, const char *key)
{
	const struct ipsec_key *k = ipsec_keystore_find(key);
	unsigned char *der = NULL;
	char name[IPSEC_NAME_MAX];
	size_t len = 0;

	snprintf(name, sizeof(name), "rsakey/%s", key ? key : "");
	if (ipsec_set_find(s, IPSEC_KEY, name) || !k || ipsec_key_private_der(k, &der, &len))
		return 0;
	return add_key_der(s, name, der, len);
}

static int add_conn(struct ipsec_set *s, const struct conn_ctx *c)
{
	struct ipsec_item *it = ipsec_set_add(s, IPSEC_CONN, c->name);
	char id[IPSEC_NAME_MAX + 8];
	int ret;

	if (!it)
		return -ENOMEM;
	ret = conn_message(&it->msg, c);
	if (ret) {
		log_warn("ipsec: peer %s: identity not given to charon: %s", c->peer->name,
			 ret == -EOPNOTSUPP ? "auth-method not supported yet" :
			 ret == -ENOENT ? "its certificate or key is missing, or has no private key" :
			 strerror(-ret));
		set_drop_last(s);
		return ret == -ENOMEM ? ret : 0;
	}
	if (c->id->auth_method == CFG_IKE_CERT)
		return add_key(s, c->id->certificate);
	if (c->id->auth_method == CFG_IKE_RSA_KEY)
		return add_rsa_key(s, c->id->key);
	if (c->id->auth_method != CFG_IKE_PSK)
		return 0;
	snprintf(id, sizeof(id), "psk/%s", c->name);
	it = ipsec_set_add(s, IPSEC_SHARED, id);
	if (!it)
		return -ENOMEM;
	ret = shared_message(&it->msg, c, id);
	if (ret)
		set_drop_last(s);
	return ret == -ENOMEM ? ret : 0;
}

static int add_peer(struct ipsec_set *s, const struct ipsec_peer_cfg *peer)
{
	struct conn_ctx c = { .peer = peer, .profile = ipsec_profile_find(peer->profile) };
	const struct ipsec_identity_cfg *id;
	char name[IPSEC_NAME_MAX];
	unsigned int n = 0;
	size_t i;
	int ret;

	if (!c.profile)
		c.profile = ipsec_profile_find("default");
	if (!c.profile)
		return 0;
	c.l2tp = peer->exchange_mode == CFG_XM_MAIN_L2TP;
	for (i = 0; (id = ipsec_identity_at(i)); i++) {
		if (id->disabled || !id->peer || strcmp(id->peer, peer->name))
			continue;
		snprintf(name, sizeof(name), "%s/%u", peer->name, n++);
		c.name = name;
		c.id = id;
		c.responder = peer->passive || id->generate_policy != CFG_GP_NO;
		c.mc = id->mode_config ? ipsec_mode_config_find(id->mode_config) : NULL;
		c.mc_server = c.mc && c.mc->responder && peer->passive && !c.l2tp;
		c.mc_client = c.mc && !c.mc->responder && !peer->passive && !c.l2tp;
		ret = add_conn(s, &c);
		if (ret)
			return ret;
	}
	return 0;
}

const struct ipsec_identity_cfg *ipsec_conn_identity(const char *conn)
{
	const struct ipsec_identity_cfg *id;
	const struct ipsec_peer_cfg *peer;
	const char *slash = conn ? strrchr(conn, '/') : NULL;
	unsigned long want, n = 0;
	char *end;
	size_t i;

	if (!slash || (size_t)(slash - conn) >= IPSEC_NAME_MAX)
		return NULL;
	want = strtoul(slash + 1, &end, 10);
	if (*end || end == slash + 1)
		return NULL;
	for (i = 0; (peer = ipsec_peer_at(i)); i++)
		if (!strncmp(peer->name, conn, (size_t)(slash - conn)) &&
		    !peer->name[slash - conn])
			break;
	for (i = 0; peer && (id = ipsec_identity_at(i)); i++) {
		if (id->disabled || !id->peer || strcmp(id->peer, peer->name))
			continue;
		if (n++ == want)
			return id;
	}
	return NULL;
}

bool ipsec_peer_child(const char *peer, char *conn, size_t conn_cap, char *child,
		      size_t child_cap)
{
	const struct ipsec_peer_cfg *p = ipsec_peer_find(peer);
	const struct ipsec_identity_cfg *id;
	const struct ipsec_policy_cfg *pol;
	size_t i;

	if (!p || p->disabled)	/* add_peer gives charon no conn for it */
		return false;
	for (i = 0; (id = ipsec_identity_at(i)); i++)
		if (!id->disabled && id->peer && !strcmp(id->peer, peer))
			break;
	if (!id)
		return false;
	for (i = 0; (pol = ipsec_policy_at(i)); i++) {
		if (pol->disabled || pol->template || !pol->peer || strcmp(pol->peer, peer) ||
		    pol->action != CFG_PA_ENCRYPT)
			continue;
		snprintf(conn, conn_cap, "%s/0", peer);
		snprintf(child, child_cap, "policy%zu", i);
		return true;
	}
	return false;
}

bool ipsec_peer_keeps_up(const struct ipsec_peer_cfg *peer, char *conn, size_t conn_cap,
			 char *child, size_t child_cap)
{
	const struct ipsec_identity_cfg *id;
	size_t i;

	if (peer->disabled || peer->passive || peer->exchange_mode == CFG_XM_MAIN_L2TP)
		return false;
	/* a name or one host; to a prefix (0.0.0.0/0 and the like) charon cannot initiate */
	if (!peer->address.host && peer->address.prefix.len !=
	    (peer->address.prefix.a.family == AF_INET6 ? 128u : 32u))
		return false;
	for (i = 0; (id = ipsec_identity_at(i)); i++)
		if (!id->disabled && id->peer && !strcmp(id->peer, peer->name))
			break;
	/* generated policies make it a responder (add_peer); a mode-config client's conn
	 * starts itself and has templates, not policies */
	if (!id || id->generate_policy != CFG_GP_NO || id->mode_config)
		return false;
	return ipsec_peer_child(peer->name, conn, conn_cap, child, child_cap);
}

int ipsec_set_build(struct ipsec_set *s)
{
	const struct ipsec_peer_cfg *peer;
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; (peer = ipsec_peer_at(i)); i++) {
		if (peer->disabled)
			continue;
		if (add_peer(s, peer)) {
			ipsec_set_free(s);
			return -ENOMEM;
		}
	}
	if (ipsec_pools_build(s)) {
		ipsec_set_free(s);
		return -ENOMEM;
	}
	return 0;
}
