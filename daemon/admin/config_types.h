/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The types of configuration properties: each checks a value as typed at the console and
 * parses it into its C type (cfg_<type>_t), once, when an item changes. One grammar per
 * kind of value (durations, sizes, addresses, lists), shared by every menu.
 */
#ifndef SLUICED_CONFIG_TYPES_H
#define SLUICED_CONFIG_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cfg_type {
	/* NULL if the value is acceptable, else what is wrong with it */
	const char *(*check)(const struct cfg_type *t, const char *v);
	void (*parse)(const struct cfg_type *t, const char *v, void *field);
	size_t size;		/* of the C type */
	const char *choices;	/* for completion: "a,b,c" */
	const char *const *words;	/* enums and word lists: value i is words[i] */
	unsigned long min, max;	/* numbers */
	const char *why;	/* what a bad number is told */
	/* references: the path of the menu whose item names the value takes ... */
	const char *ref;
	/* ... unless this says the value is something else (an address, "none") */
	bool (*not_ref)(const char *v);
};

/* Strings point into the item (or at the default) and live until the item changes. */
typedef const char *cfg_text_t, *cfg_name_t, *cfg_ifname_t, *cfg_user_t, *cfg_password_t,
	*cfg_ranges_t, *cfg_routes_t, *cfg_rate_limit_t, *cfg_profile_ref_t;
typedef const char *cfg_pool_ref_t, *cfg_ipv6_pool_ref_t;	/* NULL: none */
typedef bool cfg_bool_t;
typedef unsigned int cfg_u16_t, cfg_seconds_t, cfg_interim_t, cfg_msec_t, cfg_mtu_t,
	cfg_port_t, cfg_distance_t, cfg_limit_t, cfg_mrru_t, cfg_auth_list_t,
	cfg_radius_service_t, cfg_rate_attrs_t, cfg_ipv6_prefix_length_t, cfg_mtu_auto_t,
	cfg_pado_delay_t;
/* cfg_rate_attrs_t's bits, in the order of its words */
enum { CFG_RATE_ATTR_MIKROTIK = 1u << 0, CFG_RATE_ATTR_FILTER_ID = 1u << 1,
       CFG_RATE_ATTR_CISCO = 1u << 2 };
typedef uint32_t cfg_ipv4_t, cfg_ipv4_opt_t, cfg_server_address_t;	/* network order; 0: none */

#define CFG_UNLIMITED 0xffffffffu	/* a limit of "unlimited" */

#define CFG_DNS_MAX 4		/* IPCP offers two (RFC 1877); nothing takes more than four */
#define CFG_DNS6_MAX 3		/* RDNSS (RFC 8106) and DHCPv6 (RFC 3646) get these */

/* DNS servers of both families, each in the order given */
struct cfg_dns_list {
	uint32_t addr[CFG_DNS_MAX];	/* IPv4, network order */
	unsigned int n;
	uint8_t addr6[CFG_DNS6_MAX][16];
	unsigned int n6;
};
typedef struct cfg_dns_list cfg_dns_list_t;

/* "10.0.0.0/8", "192.0.2.1" (/32): a network, its host bits zero */
struct cfg_ipv4_prefix {
	uint32_t addr;		/* network order */
	unsigned int len;	/* 0..32 */
};
typedef struct cfg_ipv4_prefix cfg_ipv4_prefix_t;
/* Is addr (network order) in p? */
bool cfg_prefix_contains(const struct cfg_ipv4_prefix *p, uint32_t addr);

/* remote-address: an address, or a pool to take one from */
struct cfg_addr_or_pool {
	uint32_t addr;		/* network order; 0 when a pool or nothing is given */
	const char *pool;	/* NULL when an address or nothing is given */
};
typedef struct cfg_addr_or_pool cfg_address_or_pool_t;

/* /system logging topics=: messages with all of `all` and none of `none` */
struct cfg_topics {
	uint32_t all, none;
};
typedef struct cfg_topics cfg_topics_t;

enum cfg_encryption { CFG_ENC_DEFAULT, CFG_ENC_NO, CFG_ENC_YES, CFG_ENC_REQUIRED };
enum cfg_use_ipv6 { CFG_IPV6_DEFAULT, CFG_IPV6_NO, CFG_IPV6_YES, CFG_IPV6_REQUIRE };
enum cfg_only_one { CFG_ONLY_ONE_DEFAULT, CFG_ONLY_ONE_NO, CFG_ONLY_ONE_YES, CFG_ONLY_ONE_REPLACE };
enum cfg_service { CFG_SVC_ANY, CFG_SVC_PPTP, CFG_SVC_L2TP, CFG_SVC_PPPOE, CFG_SVC_SSTP,
		   CFG_SVC_OVPN, CFG_SVC_IPSEC };
enum cfg_mppe_mode { CFG_MPPE_STATELESS, CFG_MPPE_STATEFUL };
enum cfg_use_ipsec { CFG_IPSEC_NO, CFG_IPSEC_YES, CFG_IPSEC_REQUIRED };
enum cfg_require_ma { CFG_MA_NO, CFG_MA_REQUEST_RESP };
enum cfg_radius_fallback { CFG_FALLBACK_IF_UNREACHABLE, CFG_FALLBACK_NEVER };
enum cfg_log_action { CFG_LOG_MEMORY, CFG_LOG_DISK, CFG_LOG_ECHO, CFG_LOG_REMOTE,
		      CFG_LOG_JOURNAL };
typedef enum cfg_encryption cfg_encryption_t;
typedef enum cfg_only_one cfg_only_one_t;
typedef enum cfg_use_ipv6 cfg_use_ipv6_t;
typedef enum cfg_service cfg_service_t;
typedef enum cfg_mppe_mode cfg_mppe_mode_t;
typedef enum cfg_use_ipsec cfg_use_ipsec_t, cfg_client_use_ipsec_t;
typedef enum cfg_require_ma cfg_require_ma_t;
typedef enum cfg_radius_fallback cfg_radius_fallback_t;
typedef enum cfg_log_action cfg_log_action_t;

/* auth_list: a bit per method, in this order */
#define CFG_AUTH_PAP		0x1
#define CFG_AUTH_CHAP		0x2
#define CFG_AUTH_MSCHAP1	0x4
#define CFG_AUTH_MSCHAP2	0x8
/* radius_service: a bit per service */
#define CFG_RADIUS_PPP		0x1
#define CFG_RADIUS_IPSEC	0x20

extern const struct cfg_type cfg_text_type, cfg_name_type, cfg_ifname_type, cfg_user_type,
	cfg_password_type, cfg_bool_type, cfg_u16_type, cfg_seconds_type, cfg_interim_type,
	cfg_msec_type, cfg_mtu_type, cfg_port_type, cfg_distance_type, cfg_limit_type,
	cfg_mrru_type, cfg_ipv4_type, cfg_ipv4_opt_type, cfg_server_address_type,
	cfg_dns_list_type, cfg_ranges_type, cfg_routes_type, cfg_rate_limit_type,
	cfg_encryption_type, cfg_only_one_type, cfg_service_type, cfg_auth_list_type,
	cfg_mppe_mode_type, cfg_use_ipsec_type, cfg_client_use_ipsec_type,
	cfg_radius_service_type, cfg_require_ma_type, cfg_radius_fallback_type,
	cfg_topics_type, cfg_log_action_type, cfg_pool_ref_type, cfg_profile_ref_type,
	cfg_address_or_pool_type, cfg_ipv4_prefix_type, cfg_rate_attrs_type, cfg_use_ipv6_type,
	cfg_ipv6_prefix_type, cfg_ipv6_prefix_length_type, cfg_ipv6_pool_ref_type,
	cfg_mtu_auto_type, cfg_pado_delay_type;

/* /certificate (daemon/cert/cert_menu.h) */
typedef const char *cfg_cert_name_t, *cfg_dn_text_t, *cfg_country_t, *cfg_san_t,
	*cfg_cert_ref_t;
typedef unsigned int cfg_key_size_t, cfg_digest_t, cfg_key_usage_t, cfg_days_valid_t;
enum cfg_key_size { CFG_KEY_RSA1024, CFG_KEY_RSA1536, CFG_KEY_RSA2048, CFG_KEY_RSA4096,
		    CFG_KEY_RSA8192, CFG_KEY_P256, CFG_KEY_P384, CFG_KEY_P521 };
enum cfg_digest { CFG_DIGEST_MD5, CFG_DIGEST_SHA1, CFG_DIGEST_SHA256, CFG_DIGEST_SHA384,
		  CFG_DIGEST_SHA512 };
/* key-usage: a bit per RouterOS word, in this order */
enum cfg_key_usage_bit { CFG_KU_DIGITAL_SIGNATURE, CFG_KU_CONTENT_COMMITMENT,
	CFG_KU_KEY_ENCIPHERMENT, CFG_KU_DATA_ENCIPHERMENT, CFG_KU_KEY_AGREEMENT,
	CFG_KU_KEY_CERT_SIGN, CFG_KU_CRL_SIGN, CFG_KU_ENCIPHER_ONLY, CFG_KU_DECIPHER_ONLY,
	CFG_KU_TLS_SERVER, CFG_KU_TLS_CLIENT, CFG_KU_CODE_SIGN, CFG_KU_EMAIL_PROTECT,
	CFG_KU_TIMESTAMP, CFG_KU_OCSP_SIGN, CFG_KU_DVCS, CFG_KU_COUNT };
extern const struct cfg_type cfg_cert_name_type, cfg_dn_text_type, cfg_country_type,
	cfg_san_type, cfg_key_size_type, cfg_digest_type, cfg_key_usage_type,
	cfg_days_valid_type, cfg_cert_ref_type;

/* /ip ipsec (the menus in daemon/ipsec/): addresses of either family, ordered algorithm lists */
struct cfg_ip_addr {
	int family;		/* AF_INET, AF_INET6; 0: none ("") */
	uint8_t addr[16];	/* network order; IPv4 in the first four */
};
struct cfg_ip_prefix {
	struct cfg_ip_addr a;	/* its host bits zero */
	unsigned int len;
};
/* a peer's address: a prefix, or a DNS name charon resolves */
struct cfg_peer_address {
	struct cfg_ip_prefix prefix;
	const char *host;	/* NULL for a prefix */
};
/* algorithm lists: the words' indices in the order given (it is the order proposed) */
struct cfg_word_seq {
	uint8_t w[24];
	unsigned int n;
};
/* my-id, remote-id: "auto", "ignore", or kind:value (address:, fqdn:, user-fqdn:, key-id:, dn:) */
struct cfg_ike_id {
	unsigned int kind;	/* enum cfg_ike_id_kind */
	const char *value;	/* after the colon; "" for auto and ignore */
};
enum cfg_ike_id_kind { CFG_ID_AUTO, CFG_ID_IGNORE, CFG_ID_ADDRESS, CFG_ID_FQDN,
		       CFG_ID_USER_FQDN, CFG_ID_KEY_ID, CFG_ID_DN };
typedef struct cfg_ip_addr cfg_ip_addr_t;
typedef struct cfg_ip_prefix cfg_ip_prefix_t, cfg_ipv6_prefix_t;
typedef struct cfg_peer_address cfg_peer_address_t;
typedef struct cfg_word_seq cfg_dh_groups_t, cfg_ike_enc_t, cfg_esp_auth_t, cfg_esp_enc_t,
	cfg_eap_methods_t;
typedef struct cfg_ike_id cfg_my_id_t, cfg_remote_id_t;
typedef const char *cfg_ipsec_profile_ref_t, *cfg_ipsec_proposal_ref_t, *cfg_ipsec_peer_ref_t,
	*cfg_ipsec_group_ref_t, *cfg_mode_config_ref_t, *cfg_ipsec_pool_ref_t, *cfg_ipsec_key_ref_t,
	*cfg_ipsec_secret_t, *cfg_dns_names_t, *cfg_prefix_list_t;	/* refs: NULL for none */
typedef unsigned int cfg_hash_alg_t, cfg_pfs_group_t, cfg_dpd_interval_t, cfg_dpd_failures_t,
	cfg_lifebytes_t, cfg_proposal_check_t, cfg_exchange_mode_t, cfg_ike_auth_method_t,
	cfg_generate_policy_t, cfg_match_by_t, cfg_policy_action_t, cfg_policy_level_t,
	cfg_ipsec_protocols_t, cfg_ip_protocol_t, cfg_port_any_t, cfg_prefix_length_t;
extern const struct cfg_type cfg_ip_addr_type, cfg_ip_prefix_type,
	cfg_peer_address_type, cfg_dh_groups_type, cfg_ike_enc_type, cfg_esp_auth_type,
	cfg_esp_enc_type, cfg_eap_methods_type, cfg_my_id_type, cfg_remote_id_type,
	cfg_ipsec_profile_ref_type, cfg_ipsec_proposal_ref_type, cfg_ipsec_peer_ref_type,
	cfg_ipsec_group_ref_type, cfg_mode_config_ref_type, cfg_ipsec_pool_ref_type,
	cfg_ipsec_key_ref_type, cfg_ipsec_secret_type, cfg_dns_names_type, cfg_prefix_list_type, cfg_hash_alg_type,
	cfg_pfs_group_type, cfg_dpd_interval_type, cfg_dpd_failures_type, cfg_lifebytes_type,
	cfg_proposal_check_type, cfg_exchange_mode_type, cfg_ike_auth_method_type,
	cfg_generate_policy_type, cfg_match_by_type, cfg_policy_action_type,
	cfg_policy_level_type, cfg_ipsec_protocols_type, cfg_ip_protocol_type,
	cfg_port_any_type, cfg_prefix_length_type;
/* the words of the enums above, in their order (value i is word i) */
enum cfg_exchange_mode { CFG_XM_MAIN, CFG_XM_AGGRESSIVE, CFG_XM_IKE2, CFG_XM_MAIN_L2TP };
enum cfg_ike_auth_method { CFG_IKE_PSK, CFG_IKE_CERT, CFG_IKE_PSK_XAUTH, CFG_IKE_EAP,
			   CFG_IKE_EAP_RADIUS, CFG_IKE_RSA_HYBRID, CFG_IKE_RSA_KEY };
enum cfg_generate_policy { CFG_GP_NO, CFG_GP_PORT_OVERRIDE, CFG_GP_PORT_STRICT };
enum cfg_policy_action { CFG_PA_ENCRYPT, CFG_PA_NONE, CFG_PA_DISCARD };
enum cfg_policy_level { CFG_PL_REQUIRE, CFG_PL_UNIQUE, CFG_PL_USE };
/* pfs-group: 0 is none, then dh-group's words from 1 */
#define CFG_PFS_NONE 0
/* dpd-interval: 0 for disable-dpd; protocol: 0 for all; ports: 0 for any */

/* The duration grammar: "30", "30s", "5m", "1h", "1d", "1w"; 0 for "" */
unsigned int cfg_seconds(const char *v);
/* "300ms", "1s", "2" (seconds); 0 if bad */
unsigned int cfg_milliseconds(const char *v);
/* The word an enum value was given as (its type's words[v]). */
const char *cfg_word(const struct cfg_type *t, unsigned int v);

#endif /* SLUICED_CONFIG_TYPES_H */
