// SPDX-License-Identifier: GPL-2.0
/*
 * /ip ipsec key (daemon/ipsec/keys.c, key_view.c) through the command language: generate-key
 * (sizes, names, the file's mode), export-pub-key and import of the public half (private-key
 * no) and of a private key, refusals (garbage, a non-RSA key, a name taken, a path out of
 * Files), the store read again after a restart, remove refused while an identity names the
 * key; and auth-method=rsa-key in charon's terms (conn.c): IKEv1 only, key= and remote-key=
 * required, both sides' public keys as pubkeys and our private key given with load-key.
 */
/* unit-test-sources: @config daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c tests/unit/lib/cli_driver.c tests/unit/lib/cert_fixture.c daemon/cert/store.c daemon/cert/disk.c daemon/cert/api.c daemon/cert/io.c daemon/cert/sign.c daemon/cert/parse.c daemon/cert/import.c daemon/cert/export.c daemon/cert/show.c daemon/cert/view.c daemon/ipsec/conn.c daemon/ipsec/pools.c daemon/aaa/ipam.c daemon/ipsec/keys.c daemon/ipsec/keys_parse.c daemon/ipsec/key_view.c daemon/ipsec/vici_msg.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <cmocka.h>
#include "admin/config.h"
#include "cert_fixture.h"
#include "cli_driver.h"
#include "ipsec/conn.h"
#include "ipsec/key_menu.h"
#include "ipsec/keys.h"

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

static int setup(void **state)
{
	if (cert_fixture_setup(state))
		return -1;
	ipsec_key_menu_hook();
	return ipsec_keys_open(cert_dir);
}

static int teardown(void **state)
{
	ipsec_keys_close();
	return cert_fixture_teardown(state);
}

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/files/%s", cert_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* a P-256 public key */
static void write_ec(const char *name)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	char path[128];
	FILE *f;

	assert_non_null(k);
	snprintf(path, sizeof(path), "%s/files/%s", cert_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(PEM_write_PUBKEY(f, k));
	fclose(f);
	EVP_PKEY_free(k);
}

static void says(const char *line, const char *text)
{
	assert_int_equal(run(line), -1);
	if (!strstr(err.p ? err.p : "", text))
		fail_msg("%s: said \"%s\", expected \"%s\"", line, err.p, text);
}

static void test_generate_export_import(void **state)
{
	char path[128];
	struct stat st;

	(void)state;
	ok("/ip ipsec key generate-key name=k1 key-size=1024");
	ok("/ip ipsec key print where name=k1 private-key=yes rsa=yes key-size=1024");
	assert_non_null(strstr(out.p, "k1"));
	snprintf(path, sizeof(path), "%s/ipsec-keys/k1.key", cert_dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	says("/ip ipsec key generate-key name=k1 key-size=1024", "exists already");
	says("/ip ipsec key generate-key name=k2 key-size=1000", "expected 1024, 2048 or 4096");
	says("/ip ipsec key generate-key name=a/b", "bad name");
	says("/ip ipsec key generate-key name=k3 size=1024", "unknown argument size");
	ok("/ip ipsec key export-pub-key key=k1 file-name=k1.pub");
	snprintf(path, sizeof(path), "%s/files/k1.pub", cert_dir);
	assert_int_equal(stat(path, &st), 0);
	ok("/ip ipsec key import file-name=k1.pub");	/* named after the file: k1 exists */
	ok("/ip ipsec key import file-name=k1.pub name=peer1");
	ok("/ip ipsec key print where name=peer1 private-key=no");
	assert_non_null(strstr(out.p, "peer1"));
	says("/ip ipsec key export-pub-key key=nope file-name=x.pub", "no key named nope");
	says("/ip ipsec key export-pub-key key=k1 file-name=../x.pub", "bad file-name");
	write_file("junk.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
	says("/ip ipsec key import file-name=junk.pem", "not a key");
	write_ec("ec.pem");	/* rsa-key takes RSA only */
	says("/ip ipsec key import file-name=ec.pem", "RSA");
	/* what a restart finds */
	ipsec_keys_close();
	assert_int_equal(ipsec_keys_open(cert_dir), 0);
	assert_non_null(ipsec_keystore_find("k1"));
	assert_true(ipsec_key_private(ipsec_keystore_find("k1")));
	assert_false(ipsec_key_private(ipsec_keystore_find("peer1")));
	assert_int_equal(ipsec_key_bits(ipsec_keystore_find("peer1")), 1024);
	ok("/ip ipsec key remove [find name=k1_0]");
	assert_null(ipsec_keystore_find("k1_0"));
}

/* the blob of a list's first item is the key's public DER */
static void first_is(const struct vici_node *c, const char *path, const char *key)
{
	const struct vici_node *l = vici_list(c, path);
	unsigned char *der = NULL;
	size_t len = 0;

	assert_non_null(l);
	assert_non_null(l->child);
	assert_int_equal(ipsec_key_public_der(ipsec_keystore_find(key), &der, &len), 0);
	assert_int_equal(l->child->value_len, len);
	assert_memory_equal(l->child->value, der, len);
	OPENSSL_free(der);
}

static void test_rsa_key_identity(void **state)
{
	struct ipsec_set set = { 0 };
	const struct ipsec_item *it;
	struct vici_msg *msg = NULL;
	const struct vici_node *c;

	(void)state;
	ok("/ip ipsec key generate-key name=mine key-size=1024");
	ok("/ip ipsec key export-pub-key key=mine file-name=mine.pub");
	ok("/ip ipsec key import file-name=mine.pub name=theirs");
	ok("/ip ipsec peer add name=p address=192.0.2.9/32 exchange-mode=main");
	says("/ip ipsec identity add peer=p auth-method=rsa-key key=mine", "needs key= (ours) and remote-key=");
	says("/ip ipsec identity add peer=p auth-method=rsa-key key=mine remote-key=ghost",
	     "no /ip ipsec key named ghost");
	ok("/ip ipsec identity add peer=p auth-method=rsa-key key=mine remote-key=theirs");
	says("/ip ipsec peer set p exchange-mode=ike2", "IKEv1 only");
	says("/ip ipsec key remove [find name=mine]", "mine");
	assert_non_null(ipsec_keystore_find("mine"));
	assert_int_equal(ipsec_set_build(&set), 0);
	it = ipsec_set_find(&set, IPSEC_CONN, "p/0");
	assert_non_null(it);
	assert_int_equal(vici_parse(it->msg.buf, it->msg.len, NULL, &msg), 0);
	c = vici_root(msg)->child;
	assert_string_equal(vici_get_str(c, "local/auth"), "pubkey");
	assert_string_equal(vici_get_str(c, "remote/auth"), "pubkey");
	first_is(c, "local/pubkeys", "mine");
	first_is(c, "remote/pubkeys", "theirs");
	assert_non_null(ipsec_set_find(&set, IPSEC_KEY, "rsakey/mine"));
	vici_msg_free(msg);
	ipsec_set_free(&set);
	/* our key must be a private one: a public key as key= gives charon no conn */
	ok("/ip ipsec identity set 0 key=theirs");
	assert_int_equal(ipsec_set_build(&set), 0);
	assert_null(ipsec_set_find(&set, IPSEC_CONN, "p/0"));
	ipsec_set_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generate_export_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsa_key_identity, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
