# The demo router's configuration: RouterOS commands, as `pppctl` takes them.
/ip pool add name=pptp-pool ranges=10.200.0.10-10.200.0.250
/ppp profile add name=pptp-profile local-address=10.200.0.1 remote-address=pptp-pool use-encryption=required dns-server=10.200.0.1
/ppp secret add name=alice password=alice-pass service=pptp
/interface pptp-server server set enabled=yes default-profile=pptp-profile authentication=mschap2
/ppp secret add name=bob password=bob-pass service=l2tp
/interface l2tp-server server set enabled=yes default-profile=pptp-profile authentication=mschap2
