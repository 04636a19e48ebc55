#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install every Debian package that building, testing and the demo need.
# Idempotent: when everything is present it only asks dpkg and returns in about a second.
set -euo pipefail

abi=$("$(dirname "$0")/kabi.sh")
# the other series the module supports, for check.sh's vm612 stage (its headers pull in its
# linux-image package; the VM boots its own unpacked copy)
abi612=$("$(dirname "$0")/kabi.sh" 6.12)

pkgs=(
	# build: user space and modules
	build-essential pkg-config clang libclang-rt-14-dev sparse dkms kmod perl
	"linux-headers-$abi" "linux-headers-$abi612" libmnl-dev libssl-dev libcmocka-dev
	libnl-3-dev libnl-genl-3-dev
	# make deb: dpkg-buildpackage with debhelper and dh_dkms, then lintian on the packages
	dpkg-dev debhelper dh-dkms lintian
	# pppctl's prompt: libedit's readline API (GNU readline is GPL-3, sluice GPL-2)
	libedit-dev
	# the install test: systemd-analyze verify, man pages rendered with warnings on
	systemd man-db groff-base
	# KUnit in UML
	linux-source-6.1 linux-source-6.12 bc flex bison libelf-dev python3 xz-utils
	# the VM rig; jq reads pppctl's and sluicectl's JSON in the namespace tests
	qemu-system-x86 busybox-static cpio iproute2 iputils-ping procps jq
	# the session device's offloads (GSO, scatter-gather, checksum) seen and switched
	ethtool
	# real peers the tests run against
	ppp pppoe pptp-linux pptpd xl2tpd strongswan-charon strongswan-swanctl libstrongswan-standard-plugins libcharon-extra-plugins libcharon-extauth-plugins
	freeradius freeradius-utils iperf3
	# a DHCPv6 client asking for a delegated prefix (ISC dhclient refuses PPP devices)
	dhcpcd-base
	# NAT between clients and the server (L2TP/IPsec clients behind one address)
	nftables
	# the metrics test: scraped with curl, checked with promtool (Debian's Prometheus)
	prometheus curl
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi
echo "deps: installing ${missing[*]}"
[ "$(id -u)" -eq 0 ] || { echo "deps: must run as root to install packages" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# pptpd and freeradius start services on install where systemd runs; we start our own copies.
apt-get install -y -q --no-install-recommends "${missing[@]}"
