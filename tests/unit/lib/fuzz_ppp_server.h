/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the dial-out fuzzers: the server's PPP playing along, so that a client's link can come
 * up (and its keepalive, the transport's HELLO or echo and the link's end run as they do in
 * service). Each call answers the frames the link sent through the kernel stand-in since the
 * last call (stub.sent): LCP Configure-Requests acknowledged and one of ours sent asking for
 * auth, Echo-Requests answered, Terminate-Requests acknowledged, PAP acknowledged, CHAP
 * challenged and its Response met with Success, IPCP's unknown addresses Nak'ed with ours,
 * CCP mirrored. Link with kernel_stub.c.
 */
#ifndef SLUICE_TEST_FUZZ_PPP_SERVER_H
#define SLUICE_TEST_FUZZ_PPP_SERVER_H

enum fuzz_ppp_auth { FUZZ_PPP_PAP, FUZZ_PPP_CHAP, FUZZ_PPP_MSCHAP2 };

void fuzz_ppp_server_answer(enum fuzz_ppp_auth auth);

#endif /* SLUICE_TEST_FUZZ_PPP_SERVER_H */
