# sluice: /etc/sluice/sluice.rsc, the router's configuration as RouterOS commands.
#
# sluiced owns this file. It loads it at start and, after every change made with pppctl,
# rewrites it from its live configuration (written to sluice.rsc.tmp, then renamed over
# this file, mode 0600): comments, these included, are not kept. So make changes with
# pppctl, e.g. `pppctl /ppp secret add name=alice password=... service=pptp`, or edit the
# file only while sluiced is stopped. `pppctl /export` shows what it would write.
#
# Nothing below is active: a fresh install starts with an empty configuration. An example
# of a PPTP server (take off the leading "# " or, better, type the lines into pppctl):
#
# An address pool for the clients:
# /ip pool add name=vpn ranges=10.10.0.10-10.10.0.250
#
# A profile: the router's end of each tunnel, the pool, MPPE required, DNS for the clients:
# /ppp profile add name=vpn-profile local-address=10.10.0.1 remote-address=vpn use-encryption=required dns-server=8.8.8.8,8.8.4.4
#
# A user:
# /ppp secret add name=alice password=change-me service=pptp profile=vpn-profile
#
# The PPTP server itself (TCP 1723 and GRE), MS-CHAPv2 only:
# /interface pptp-server server set enabled=yes default-profile=vpn-profile authentication=mschap2
