// SPDX-License-Identifier: GPL-2.0
/*
 * The certificate store (daemon/cert/) through /certificate and its C API: a template
 * signed as a self-signed CA signs a server certificate whose chain OpenSSL verifies; the
 * store survives a restart; import reads PEM, DER and PKCS#12 (a wrong passphrase and
 * garbage are refused or counted); an exported PKCS#12 imports back; keys are 0600 and
 * never printed; bad names and paths are refused. EC keys and 1024-bit RSA keep it quick
 * under AddressSanitizer.
 */
/* unit-test-sources: @config daemon/admin/cli.c daemon/admin/traffic.c daemon/admin/config_text.c daemon/admin/config_file.c daemon/core/log.c tests/unit/lib/cli_driver.c tests/unit/lib/cert_fixture.c daemon/cert/store.c daemon/cert/disk.c daemon/cert/api.c daemon/cert/io.c daemon/cert/sign.c daemon/cert/parse.c daemon/cert/import.c daemon/cert/export.c daemon/cert/show.c daemon/cert/view.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include "admin/config.h"
#include "admin/config_text.h"
#include "admin/system.h"
#include "cert/cert.h"
#include "cert/cert_menu.h"
#include "cert_fixture.h"
#include "cli_driver.h"

/* a menu that names certificates, as an IPsec identity's certificate= will */
#define USER_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, certificate, "certificate", cert_ref, "", 0)
CFG_MENU_DECLARE(cert_user, USER_PROPS)
CFG_MENU_DEFINE(cert_user, USER_PROPS, .path = "/test cert-user", .order = 130,
		.verbs = CFG_V_LIST);

void system_resource_print(struct strbuf *o, int json)
{
	(void)o;
	(void)json;
}

#define setup cert_fixture_setup
#define teardown cert_fixture_teardown

static void make_ca_and_server(void)
{
	ok("/certificate add name=ca common-name=ca key-usage=key-cert-sign,crl-sign "
	   "key-size=prime256v1 days-valid=3650");
	ok("/certificate sign ca ca-crl-host=2.2.2.2");
	ok("/certificate add name=server1 common-name=2.2.2.2 subject-alt-name=IP:2.2.2.2,"
	   "DNS:vpn.example.com key-usage=tls-server key-size=prime256v1");
	ok("/certificate sign server1 ca=ca");
}

static const char *shown(const char *name, const char *prop)
{
	static char buf[1024];
	const struct cert *c = cert_find(name);

	assert_non_null(c);
	return cert_value(c, prop, buf, sizeof(buf));
}

static const char *flags_of(const char *name)
{
	static char buf[16];

	cert_flags(cert_find(name), buf, sizeof(buf));
	return buf;
}

static bool verifies(X509 *leaf, X509 *root)
{
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	bool good;

	assert_true(X509_STORE_add_cert(st, root));
	assert_true(X509_STORE_CTX_init(ctx, st, leaf, NULL));
	good = X509_verify_cert(ctx) == 1;
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	return good;
}

/* A template is just values (no flags, no key); signed, RouterOS's flags and a chain. */
static void test_template_sign_verify(void **state)
{
	STACK_OF(X509) *chain;
	X509 *leaf, *root;
	EVP_PKEY *key;

	(void)state;
	ok("/certificate add name=tpl common-name=tpl");
	assert_true(cert_is_template(cert_find("tpl")));
	assert_string_equal(flags_of("tpl"), "");
	assert_null(cert_x509(cert_find("tpl")));
	/* RouterOS's defaults */
	assert_string_equal(shown("tpl", "days-valid"), "365");
	assert_string_equal(shown("tpl", "key-size"), "2048");
	assert_string_equal(shown("tpl", "key-usage"), CERT_DEFAULT_KEY_USAGE);
	refused("/certificate sign tpl ca=nosuch", "no certificate named nosuch");
	make_ca_and_server();
	assert_string_equal(flags_of("ca"), "KLAT");
	assert_string_equal(flags_of("server1"), "KI");
	assert_string_equal(shown("server1", "ca"), "ca");
	assert_string_equal(shown("server1", "subject-alt-name"), "IP:2.2.2.2,DNS:vpn.example.com");
	assert_string_equal(shown("server1", "key-usage"), "tls-server");
	assert_string_equal(shown("server1", "digest-algorithm"), "sha256");
	assert_string_equal(shown("ca", "days-valid"), "3650");
	assert_int_equal(strlen(shown("ca", "fingerprint")), 64);
	leaf = cert_x509(cert_find("server1"));
	root = cert_x509(cert_find("ca"));
	assert_true(verifies(leaf, root));
	assert_true(X509_check_purpose(leaf, X509_PURPOSE_SSL_SERVER, 0) == 1);
	assert_false(verifies(root, leaf));
	chain = cert_chain(cert_find("server1"));
	assert_int_equal(sk_X509_num(chain), 1);
	assert_int_equal(X509_cmp(sk_X509_value(chain, 0), root), 0);
	sk_X509_pop_free(chain, X509_free);
	key = cert_key(cert_find("server1"));
	assert_int_equal(X509_check_private_key(leaf, key), 1);
	EVP_PKEY_free(key);
	X509_free(leaf);
	X509_free(root);
	refused("/certificate sign server1", "already signed");
	refused("/certificate set server1 common-name=x", "only name and trusted");
}

/* RSA, a CA's rules: what is not a CA cannot sign; no common-name, no certificate. */
static void test_sign_rules(void **state)
{
	(void)state;
	ok("/certificate add name=r common-name=r key-size=1024 key-usage=tls-client");
	ok("/certificate add name=nocn");
	refused("/certificate sign nocn", "no common-name");
	ok("/certificate set nocn common-name=later days-valid=10");	/* a template changes */
	assert_string_equal(shown("nocn", "common-name"), "later");
	ok("/certificate remove nocn");
	assert_null(cert_find("nocn"));
	ok("/certificate sign r");
	assert_string_equal(shown("r", "key-size"), "1024");
	assert_string_equal(shown("r", "key-type"), "rsa");
	assert_string_equal(flags_of("r"), "KT");	/* self-signed: trusted, no CA */
	ok("/certificate add name=t2 common-name=t2 trusted=yes key-size=prime256v1 "
	   "key-usage=tls-client");
	ok("/certificate add name=t3 common-name=t3 key-size=prime256v1");	/* a CA too */
	ok("/certificate add name=ca2 common-name=ca2 key-size=prime256v1 key-usage=key-cert-sign");
	ok("/certificate sign ca2 name=root2");	/* sign's name= renames */
	assert_null(cert_find("ca2"));
	ok("/certificate sign t2 ca=root2");
	ok("/certificate sign t3 ca=root2");
	assert_string_equal(flags_of("t2"), "KIT");	/* the template's trusted= */
	assert_string_equal(flags_of("t3"), "KAI");
	assert_string_equal(flags_of("root2"), "KAT");	/* no ca-crl-host: no CRL */
	ok("/certificate add name=leaf common-name=leaf key-size=prime256v1");
	refused("/certificate sign leaf ca=r", "not a CA");
	refused("/certificate add name=x key-size=512", "expected 1024");
	refused("/certificate add name=x key-usage=tls-server,fly", "expected a list");
	refused("/certificate add name=x subject-alt-name=IP:300.1.1.1", "expected DNS:");
	refused("/certificate add name=x country=Germany", "two-letter");
	refused("/certificate add name=x days-valid=0", "from 1 to");
	refused("/certificate add common-name=x", "needs name=");
	refused("/certificate add name=r", "already exists");
	refused("/certificate add name=x fingerprint=00", "read-only");
}

static void test_names_refused(void **state)
{
	(void)state;
	refused("/certificate add name=a/b", "no '/'");
	refused("/certificate add name=..", "no '/'");
	refused("/certificate add name=\"a b\"", "no blanks");
	refused("/certificate add name=\"a\\01b\"", "control");
	assert_null(cert_next(NULL));
	ok("/certificate add name=ok common-name=ok");
	refused("/certificate set ok name=../../etc/x", "no '/'");
	refused("/certificate import file-name=../x.pem", "without '..'");
	refused("/certificate import file-name=/etc/passwd", "without '..'");
	refused("/certificate import file-name=x.pem name=a/b", "no '/'");
	assert_string_equal(cert_name(cert_next(NULL)), "ok");
}

/* Keys on disk are 0600 in a 0700 directory and never appear in print or export. */
static void test_keys_private(void **state)
{
	char cmd[256], line[256];
	struct stat st;
	FILE *f;
	int n = 0;

	(void)state;

	make_ca_and_server();
	snprintf(cmd, sizeof(cmd), "%s/certificates", cert_dir);
	assert_int_equal(stat(cmd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(cmd, sizeof(cmd), "stat -c %%a %s/certificates/*.key", cert_dir);
	f = popen(cmd, "r");
	while (fgets(line, sizeof(line), f)) {
		assert_string_equal(line, "600\n");
		n++;
	}
	pclose(f);
	assert_int_equal(n, 2);
	ok("/certificate print detail");
	assert_non_null(strstr(out.p, "server1"));
	assert_null(strstr(out.p, "PRIVATE"));
	ok("/certificate print as-value");
	assert_null(strstr(out.p, "PRIVATE"));
	ok("/certificate export");
	assert_true(!out.p || !strstr(out.p, "server1"));
	ok("/export show-sensitive");
	assert_null(strstr(out.p, "certificate"));
	ok("/certificate print where name=server1");
	assert_non_null(strstr(out.p, "KI"));
	assert_null(strstr(out.p, " ca "));
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Close and open again: the same entries, in the same order, keys and CRL with them. */
static void test_restart(void **state)
{
	char fp[65], path[256];

	(void)state;
	make_ca_and_server();
	ok("/certificate add name=tpl common-name=t days-valid=30 key-size=secp384r1");
	snprintf(fp, sizeof(fp), "%s", shown("server1", "fingerprint"));
	cert_store_close();
	assert_null(cert_find("ca"));
	/* what a crash may leave: a half-written file, the files of an entry never finished */
	snprintf(path, sizeof(path), "%s/certificates/0123456789abcdef.key", cert_dir);
	write_text(path, "half a key");
	snprintf(path, sizeof(path), "%s/certificates/0123456789abcdef.meta.new", cert_dir);
	write_text(path, "name=x");
	assert_int_equal(cert_store_open(cert_dir), 0);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/certificates/0123456789abcdef.key", cert_dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_string_equal(cert_name(cert_next(NULL)), "ca");
	assert_string_equal(shown("server1", "fingerprint"), fp);
	assert_string_equal(flags_of("ca"), "KLAT");
	assert_string_equal(flags_of("server1"), "KI");
	assert_true(cert_is_template(cert_find("tpl")));
	assert_string_equal(shown("tpl", "days-valid"), "30");
	assert_string_equal(shown("tpl", "key-size"), "secp384r1");
	ok("/certificate sign tpl");
	assert_string_equal(shown("tpl", "key-size"), "secp384r1");
}

static void put_file(const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/files/%s", cert_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static char *get_file(const char *name, size_t *len)
{
	char path[256], *data;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/files/%s", cert_dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

static unsigned int counter(const char *what)
{
	const char *p = strstr(out.p, what);

	assert_non_null(p);
	return (unsigned int)strtoul(p + strlen(what) + 2, NULL, 10);
}

/* PEM: a certificate and its encrypted key in one file; a wrong passphrase is counted. */
static void test_import_pem(void **state)
{
	size_t clen, klen;
	char *crt, *key, *both;

	(void)state;
	make_ca_and_server();
	ok("/certificate export-certificate server1 export-passphrase=12345678");
	crt = get_file("cert_export_server1.crt", &clen);
	key = get_file("cert_export_server1.key", &klen);
	both = malloc(clen + klen);
	memcpy(both, crt, clen);
	memcpy(both + clen, key, klen);
	put_file("both.pem", both, clen + klen);
	put_file("only.key", key, klen);
	ok("/certificate remove ca");	/* and server1 with it, as RouterOS does */
	assert_null(cert_next(NULL));
	ok("/certificate import file-name=both.pem passphrase=wrongpass");
	assert_int_equal(counter("certificates-imported"), 1);
	assert_int_equal(counter("decryption-failures"), 1);
	assert_string_equal(flags_of("both.pem_0"), "T");
	/* the key alone, later: it goes to its certificate, as RouterOS's .crt then .key */
	refused("/certificate import file-name=only.key", "wrong passphrase");
	ok("/certificate import file-name=only.key passphrase=12345678");
	assert_int_equal(counter("private-keys-imported"), 1);
	assert_string_equal(flags_of("both.pem_0"), "KT");
	ok("/certificate import file-name=both.pem passphrase=12345678");
	assert_int_equal(counter("certificates-imported"), 0);	/* here already */
	assert_int_equal(counter("keys-with-no-certificate"), 1);
	free(crt);
	free(key);
	free(both);
}

static void test_import_der_and_name(void **state)
{
	unsigned char *der;
	size_t len;

	(void)state;
	make_ca_and_server();
	assert_int_equal(cert_der(cert_find("ca"), &der, &len), 0);
	put_file("ca.der", der, len);
	OPENSSL_free(der);
	ok("/certificate remove ca");
	ok("/certificate import file-name=ca.der name=root trusted=no");
	assert_string_equal(flags_of("root"), "A");
	ok("/certificate set root trusted=yes");
	assert_string_equal(flags_of("root"), "AT");
	assert_int_equal(cert_key_der(cert_find("root"), &der, &len), -1);
}

/* What clients are told to check the file with (when the openssl command is here). */
static void openssl_reads(const char *file, const char *pass)
{
	char cmd[512];

	if (access("/usr/bin/openssl", X_OK))
		return;
	snprintf(cmd, sizeof(cmd), "openssl pkcs12 -info -in %s/files/%s -passin pass:%s "
		 "-nokeys -out /dev/null 2>/dev/null", cert_dir, file, pass);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "openssl pkcs12 -info -in %s/files/%s -passin pass:wrong "
		 "-nokeys -out /dev/null 2>/dev/null", cert_dir, file);
	assert_int_not_equal(system(cmd), 0);
}

/* export-certificate type=pkcs12: OpenSSL reads it back, and import takes it whole. */
static void test_pkcs12_round_trip(void **state)
{
	char fp[65], *p12data;
	const unsigned char *p;
	EVP_PKEY *key = NULL;
	X509 *x = NULL;
	STACK_OF(X509) *ca = NULL;
	PKCS12 *p12;
	size_t len;

	(void)state;
	make_ca_and_server();
	snprintf(fp, sizeof(fp), "%s", shown("server1", "fingerprint"));
	refused("/certificate export-certificate server1 type=pkcs12 export-passphrase=1234567",
		"at least 8");
	ok("/certificate export-certificate server1 type=pkcs12 export-passphrase=1234567890");
	p12data = get_file("cert_export_server1.p12", &len);
	p = (const unsigned char *)p12data;
	p12 = d2i_PKCS12(NULL, &p, (long)len);
	assert_non_null(p12);
	assert_false(PKCS12_parse(p12, "wrong", &key, &x, &ca));
	assert_true(PKCS12_parse(p12, "1234567890", &key, &x, &ca));
	assert_int_equal(X509_check_private_key(x, key), 1);
	assert_int_equal(sk_X509_num(ca), 1);	/* the CA came along */
	PKCS12_free(p12);
	EVP_PKEY_free(key);
	X509_free(x);
	sk_X509_pop_free(ca, X509_free);
	free(p12data);
	openssl_reads("cert_export_server1.p12", "1234567890");
	ok("/certificate remove ca");
	refused("/certificate import file-name=cert_export_server1.p12 passphrase=nope",
		"wrong passphrase");
	assert_null(cert_next(NULL));
	ok("/certificate import file-name=cert_export_server1.p12 passphrase=1234567890");
	assert_int_equal(counter("certificates-imported"), 2);
	assert_int_equal(counter("private-keys-imported"), 1);
	assert_string_equal(shown("cert_export_server1.p12_0", "fingerprint"), fp);
	assert_string_equal(flags_of("cert_export_server1.p12_0"), "KT");
	assert_string_equal(shown("cert_export_server1.p12_0", "ca"), "cert_export_server1.p12_1");
}

static void test_import_garbage(void **state)
{
	static const char pem_junk[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
	static const char trunc[] = "-----BEGIN CERTIFICATE-----\nMIIB";

	(void)state;
	put_file("junk.bin", "\x30\x82\xff\xff garbage", 12);
	put_file("empty", "", 0);
	put_file("junk.pem", pem_junk, sizeof(pem_junk) - 1);
	put_file("trunc.pem", trunc, sizeof(trunc) - 1);
	refused("/certificate import file-name=junk.bin", "no certificate or private key");
	refused("/certificate import file-name=empty", "empty");
	refused("/certificate import file-name=junk.pem", "damaged");
	refused("/certificate import file-name=trunc.pem", "no certificate");
	refused("/certificate import file-name=nothere", "cannot read");
	refused("/certificate import", "needs file-name=");
	refused("/certificate import file-name=x bogus=1", "unknown argument bogus");
	assert_null(cert_next(NULL));
}

/* A certificate that something names cannot go (nor its CA); a rename carries over. */
static void test_references(void **state)
{
	(void)state;
	make_ca_and_server();
	refused("/test cert-user add name=u certificate=nosuch", "input does not match");
	ok("/test cert-user add name=u certificate=server1");
	ok("/test cert-user add name=v");
	refused("/certificate remove server1", "used by /test cert-user u");
	refused("/certificate remove ca", "used by /test cert-user u");
	assert_non_null(cert_find("ca"));
	ok("/certificate set server1 name=vpn");
	assert_string_equal(cert_user_find("u")->certificate, "vpn");
	ok("/test cert-user set u certificate=\"\"");
	ok("/certificate remove ca");
	assert_null(cert_find("vpn"));
}

static void test_export_refusals(void **state)
{
	(void)state;
	ok("/certificate add name=t common-name=t");
	refused("/certificate export-certificate t", "template");
	refused("/certificate export-certificate t type=der", "pem or pkcs12");
	make_ca_and_server();
	ok("/certificate export-certificate ca type=pem");
	ok("/certificate import file-name=cert_export_ca.crt name=copy");
	assert_int_equal(counter("certificates-imported"), 0);	/* ca is here already */
	ok("/certificate remove ca");
	ok("/certificate import file-name=cert_export_ca.crt name=copy");
	assert_int_equal(counter("certificates-imported"), 1);
	refused("/certificate export-certificate copy export-passphrase=12345678",
		"no private key");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_template_sign_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_pem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_der_and_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pkcs12_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
