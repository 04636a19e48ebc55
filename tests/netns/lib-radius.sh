# SPDX-License-Identifier: GPL-2.0
# FreeRADIUS 3.2 (Debian's) for the RADIUS tests: a private configuration copied from
# /etc/freeradius/3.0 into $NETNS_TEST_DIR/raddb, one site of our own (PAP, CHAP, MS-CHAP,
# detail accounting, no EAP: Debian leaves its certificates to be made), running as root in
# the foreground (-X) in its own namespace. radius_users FILE sets the users. Its answers
# carry Message-Authenticator, as sluice requires by default (Blast-RADIUS): Debian 12's
# 3.2.1 adds one only when told to, as here in post-auth.

RADDB=$NETNS_TEST_DIR/raddb
RADLOG=$NETNS_TEST_DIR/radlog
RADSECRET=radius-test-secret

# radius_config CLIENT_ADDR: the configuration, with CLIENT_ADDR as the only client
radius_config() {
	cp -a /etc/freeradius/3.0 "$RADDB" || return 1
	mkdir -p "$RADLOG/radacct" "$NETNS_TEST_DIR/radrun" || return 1
	sed -i -e 's/^\(\s*\)\(user\|group\) = freerad/\1#\2 = freerad/' \
		-e "s|^raddbdir = .*|raddbdir = $RADDB|" \
		-e "s|^logdir = .*|logdir = $RADLOG|" \
		-e "s|^run_dir = .*|run_dir = $NETNS_TEST_DIR/radrun|" "$RADDB/radiusd.conf" || return 1
	rm -f "$RADDB"/sites-enabled/* "$RADDB/mods-enabled/eap"
	cat >"$RADDB/clients.conf" <<E
client sluice {
	ipaddr = $1
	secret = $RADSECRET
}
E
	cat >"$RADDB/sites-enabled/sluice" <<'E'
server sluice {
	listen {
		type = auth
		ipaddr = *
		port = 1812
	}
	listen {
		type = acct
		ipaddr = *
		port = 1813
	}
	authorize {
		preprocess
		chap
		mschap
		files
		pap
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}
	preacct {
		preprocess
		acct_unique
	}
	accounting {
		detail
	}
	post-auth {
		update reply {
			Message-Authenticator := 0x00
		}
		Post-Auth-Type REJECT {
			update reply {
				Message-Authenticator := 0x00
			}
		}
	}
}
E
}

# radius_users < FILE: FreeRADIUS's users file (mods-config/files/authorize)
radius_users() { cat >"$RADDB/mods-config/files/authorize"; }

# radius_start NS: freeradius -X in namespace NS, up once it listens on 1812 and 1813 (reading
# its dictionaries takes a minute under emulation)
radius_start() {
	start_daemon freeradius "$1" freeradius -X -d "$RADDB"
	wait_for 120 sh -c "ip netns exec $1 ss -uln | grep -q ':1813 '" &&
		wait_for 5 sh -c "ip netns exec $1 ss -uln | grep -q ':1812 '"
}

radius_stop() { stop_daemon freeradius 5; }

# The detail file's records (all of them, every day's file), as FreeRADIUS wrote them
radius_detail() { cat "$RADLOG"/radacct/*/detail-* 2>/dev/null; }
