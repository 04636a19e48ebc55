# RouterOS's PPTP page (../shared/seeds/002_1396d405164ba025.txt), "Server Configuration"
# steps 1-4, typed as the page shows them (one property per continued line).

# Step 1 - Create an IP Pool
/ip pool add name=pptp-pool ranges=192.168.89.10-192.168.89.100

# Step 2 - Create a PPP Profile
/ppp profile add \
    name=pptp-profile \
    local-address=192.168.89.1 \
    remote-address=pptp-pool \
    use-encryption=required \
    dns-server=8.8.8.8,8.8.4.4

# Step 3 - Enable the PPTP Server
/interface pptp-server server set \
    enabled=yes \
    default-profile=pptp-profile \
    authentication=mschap2

# Step 4 - Add PPP Users
/ppp secret add \
    name=vpnuser \
    password=StrongUserPass \
    service=pptp \
    profile=pptp-profile
