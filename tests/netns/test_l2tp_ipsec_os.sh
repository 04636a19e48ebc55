#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sluiced's L2TP/IPsec server against the stock client proposing, one set at a time, what
# Windows, macOS, iOS and Android send (lib_ipsec.sh: the sets and their sources), each
# against the page's default configuration. test_l2tp_ipsec.sh's set-up and test, apart
# because it takes six minutes under emulation.
# check: long
L2TP_IPSEC_SET=os
. "$(dirname "$0")/test_l2tp_ipsec.sh"
