# SPDX-License-Identifier: GPL-2.0
# sluice: `make` builds user space and the kernel modules; `make check` runs every test.
# The kernel build itself is described in Kbuild; this file only drives it.

KERNELRELEASE ?= $(shell tools/kabi.sh)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
VERSION := $(shell sed -n 's/^\#define SLUICE_VERSION "\(.*\)"/\1/p' kmod/version.h)
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
UNITDIR ?= /lib/systemd/system
SYSCONFDIR ?= /etc
MANDIR ?= $(PREFIX)/share/man
MODLOADDIR ?= /usr/lib/modules-load.d
SYSUSERSDIR ?= /usr/lib/sysusers.d
BASHCOMPDIR ?= /usr/share/bash-completion/completions

B := build
CC ?= gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
	  -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Ilibshared -Ikmod -Idaemon
LDFLAGS ?= -Wl,-z,relro,-z,now
MNL_CFLAGS := $(shell pkg-config --cflags libmnl 2>/dev/null)
MNL_LIBS := $(shell pkg-config --libs libmnl 2>/dev/null || echo -lmnl)
CRYPTO_LIBS := $(shell pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto)
# pppctl's line editor: libedit's readline API (GNU readline is GPL-3, sluice GPL-2)
EDIT_LIBS := $(shell pkg-config --libs libedit 2>/dev/null || echo -ledit)

LIBSHARED_SRC := $(wildcard libshared/*.c)
# the daemon is laid out by protocol: daemon/ppp/, daemon/pptp/, daemon/aaa/, ...
DAEMON_SRC := $(sort $(wildcard daemon/*.c daemon/*/*.c))
LIBSHARED_OBJ := $(LIBSHARED_SRC:%.c=$(B)/obj/%.o)
DAEMON_OBJ := $(DAEMON_SRC:%.c=$(B)/obj/%.o)

.PHONY: all userspace modules unit-tests fuzzers clean deps check check-long check-unit check-fuzz check-kunit check-vm \
	check-vm612 check-kunit612 check-version sparse dkms-install dkms-remove install uninstall deb demo shell
all: userspace modules

userspace: $(B)/bin/sluiced $(B)/bin/pppctl $(B)/bin/sluicectl

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MNL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libshared.a: $(LIBSHARED_OBJ)
	$(AR) rcs $@ $^

$(B)/bin/sluiced: $(DAEMON_OBJ) $(B)/libshared.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(MNL_LIBS) $(CRYPTO_LIBS)

$(B)/bin/pppctl: $(B)/obj/tools/pppctl.o $(B)/libshared.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(MNL_LIBS) $(EDIT_LIBS)

# Unit tests: cmocka, libshared compiled again with AddressSanitizer and UBSan.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
unit-tests: $(UNIT_BIN)
# A unit test of daemon code names the daemon sources it needs on a line of its own:
#   /* unit-test-sources: daemon/aaa/mschap.c daemon/pptp/msg.c */
# and so the stand-ins and helpers in tests/unit/lib/ that it shares with other tests.
# "@config" stands for the configuration store with every menu registered.
CONFIG_SRC := daemon/admin/config.c daemon/admin/config_types.c \
	$(sort $(wildcard daemon/*/*_menu.c))
unit_srcs = $(subst @config,$(CONFIG_SRC),$(shell sed -n 's|^/\* unit-test-sources: \(.*\) \*/$$|\1|p' $(1)))
.SECONDEXPANSION:
$(B)/tests/test_%: tests/unit/test_%.c $(LIBSHARED_SRC) $$(call unit_srcs,tests/unit/test_%.c) \
		$(wildcard libshared/*.h daemon/*.h daemon/*/*.h tests/unit/lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -D_FORTIFY_SOURCE=2,$(CFLAGS)) -Idaemon -Itests/unit/lib -O1 $(SAN) $(MNL_CFLAGS) -o $@ $< \
		$(LIBSHARED_SRC) $(call unit_srcs,$<) -lcmocka $(MNL_LIBS) $(CRYPTO_LIBS)

# Fuzzers: libFuzzer with clang, one per parser that takes outside input.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
fuzzers: $(FUZZ_BIN)
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIBSHARED_SRC) $$(call unit_srcs,tests/fuzz/fuzz_%.c) \
		$(wildcard libshared/*.h daemon/*.h daemon/*/*.h tests/unit/lib/*.h)
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilibshared -Ikmod -Idaemon \
		-Itests/unit/lib \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< \
		$(filter-out libshared/genl.c libshared/sluice_nl.c,$(LIBSHARED_SRC)) \
		$(call unit_srcs,$<) $(MNL_LIBS) $(CRYPTO_LIBS)

$(B)/bin/sluicectl: $(B)/obj/tools/sluicectl.o $(B)/libshared.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(MNL_LIBS)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# SLUICE_DEBUG=y turns on pr_debug; C=1 or C=2 runs sparse (see `make sparse`).
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules 2>&1 | tee $(B)/sparse.log
	@! grep -E '(warning|error):' $(B)/sparse.log

clean:
	rm -rf $(B)
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true

deps:
	tools/install-deps.sh

check-version:
	@grep -q '^PACKAGE_VERSION="$(VERSION)"' dkms.conf || \
		{ echo "dkms.conf PACKAGE_VERSION differs from kmod/version.h ($(VERSION))"; exit 1; }
	@head -n 1 packaging/debian/changelog | grep -qF 'sluice ($(VERSION))' || \
		{ echo "packaging/debian/changelog's version differs from kmod/version.h ($(VERSION))"; exit 1; }

# The kernel modules as a router gets them: source in /usr/src, built and installed by DKMS.
dkms-install: check-version
	tools/dkms-install.sh $(VERSION) $(KERNELRELEASE)

dkms-remove:
	dkms remove -m sluice -v $(VERSION) --all || true
	rm -rf /usr/src/sluice-$(VERSION)

MAN8 := docs/man/pppctl.8 docs/man/sluiced.8 docs/man/sluicectl.8
INSTALLED := $(addprefix $(SBINDIR)/,sluiced pppctl sluicectl) $(UNITDIR)/sluiced.service \
	$(MODLOADDIR)/sluice.conf $(SYSUSERSDIR)/sluice.conf $(BASHCOMPDIR)/pppctl \
	$(addprefix $(MANDIR)/man8/,$(notdir $(MAN8)))

# The unit is edited to name the binaries and the configuration where this install puts
# them. The configuration is sluiced's own once it exists (it rewrites the file after every
# change), so only a first install puts the commented default there. On the live system
# the group "sluice" is created now rather than at the next boot, so pppctl works at once.
install: userspace
	install -D -m 0755 $(B)/bin/sluiced $(DESTDIR)$(SBINDIR)/sluiced
	install -D -m 0755 $(B)/bin/pppctl $(DESTDIR)$(SBINDIR)/pppctl
	install -D -m 0755 $(B)/bin/sluicectl $(DESTDIR)$(SBINDIR)/sluicectl
	sed -e 's|/usr/sbin/|$(SBINDIR)/|g' -e 's|/etc/sluice/|$(SYSCONFDIR)/sluice/|g' \
		daemon/sluiced.service >$(B)/sluiced.service
	install -D -m 0644 $(B)/sluiced.service $(DESTDIR)$(UNITDIR)/sluiced.service
	install -D -m 0644 etc/modules-load.d/sluice.conf $(DESTDIR)$(MODLOADDIR)/sluice.conf
	install -D -m 0644 etc/sysusers.d/sluice.conf $(DESTDIR)$(SYSUSERSDIR)/sluice.conf
	install -D -m 0644 tools/pppctl.bash-completion $(DESTDIR)$(BASHCOMPDIR)/pppctl
	install -d -m 0755 $(DESTDIR)$(MANDIR)/man8
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	install -d -m 0700 $(DESTDIR)$(SYSCONFDIR)/sluice
	test -e $(DESTDIR)$(SYSCONFDIR)/sluice/sluice.rsc || \
		install -m 0600 etc/sluice.rsc $(DESTDIR)$(SYSCONFDIR)/sluice/sluice.rsc
	if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
		systemd-sysusers $(SYSUSERSDIR)/sluice.conf; fi

# Leaves $(SYSCONFDIR)/sluice/sluice.rsc (the router's configuration) and the group.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir --ignore-fail-on-non-empty $(DESTDIR)$(SYSCONFDIR)/sluice 2>/dev/null || true

# The Debian source package and its binary packages in $(B)/deb (packaging/debian as
# debian/, built by dpkg-buildpackage): sluice (what `install` puts, the configuration as a
# default that postinst copies, never a conffile) and sluice-dkms (the module sources as
# `dkms-install` lays them out); lintian must find no error or warning.
deb: check-version
	+tools/build-deb.sh $(VERSION) $(B)/deb

# --- tests: tests/check.sh runs the stages in order and prints the closing tally
check:
	tests/check.sh

check-unit:
	tests/check.sh unit

check-fuzz:
	tests/check.sh fuzz

check-kunit:
	tests/check.sh kunit

# KUnit in Debian's linux-source-6.12 (make check-long runs it too)
check-kunit612:
	tests/check.sh kunit612

# make check, then what does not fit CI's 90 minutes (docs/testing.md says what runs where)
check-long:
	tests/check.sh build unit fuzz vm vm612 deb612 kunit bench deb kunit612 kunit_debug vm_long

check-vm:
	tests/check.sh vm

# the module built for Debian 12's 6.12 series (and sparse-checked), then the packages and
# the smoke test on DKMS's module in a 6.12 VM
check-vm612:
	tests/check.sh vm612 deb612

# --- benchmarks (bench/): sluice against the stock stack in the VM rig, see docs/bench.md
.PHONY: bench bench-quick bench-tools check-bench
bench-tools: userspace
	$(MAKE) -C bench

bench: bench-tools
	bench/bench.sh full

check-bench:
	tests/check.sh bench

bench-quick: bench-tools
	bench/bench.sh quick

# --- the demo: the VM "router" with sluiced running; `make shell` stays inside it
demo:
	tools/demo.sh

shell:
	tools/demo.sh --shell
