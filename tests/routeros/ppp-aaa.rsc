# RouterOS's PPP AAA page (../shared/seeds/000_f750117dcca139a4.txt), section 2, steps 2-4:
# the profile, pool and secret block exactly as the page prints it, comments included.

# --- 2. Create a PPP Profile for AAA ---
/ppp profile
add name=pppoe-profile local-address=192.168.88.1 remote-address=ppp-pool use-encryption=required only-one=yes # Basic profile settings
#   - name: Profile name for easy reference
#   - local-address: IP address of the PPP server interface on the SOHO network
#   - remote-address: IP pool to assign to PPP clients
#   - use-encryption: Require encryption for PPP connections (important for security)
#   - only-one: Allow only one connection per username (optional for security in SOHO)

# --- 3. Create an IP Address Pool for PPP Clients ---
/ip pool
add name=ppp-pool ranges=192.168.88.100-192.168.88.199 # Define a range of IP addresses for PPP clients
#   - name: Pool name for easy reference
#   - ranges: IP address range to be assigned

# --- 4. Create Local PPP User Accounts ---
/ppp secret
add name=user1 password=password1 service=pppoe profile=pppoe-profile # Create user 'user1'
add name=user2 password=password2 service=pppoe profile=pppoe-profile # Create user 'user2'
#   - name: Username for PPP authentication
#   - password: Password for the user (use strong passwords in real scenarios)
#   - service: Specifies the PPP service type (pppoe, l2tp, etc.)
#   - profile: Links the user to the PPP profile we created
