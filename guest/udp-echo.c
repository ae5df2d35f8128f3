/*
 * udp-echo: answers every UDP datagram with the same bytes (RFC 862 echo).
 * The VoidVM test guest runs it on port 7 so tests can check UDP port
 * forwards; busybox's nc has no UDP listen mode. Built with gcc -static.
 * Usage: udp-echo [PORT]   (default 7)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 7;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
				    .sin_addr.s_addr = htonl(INADDR_ANY) };
	static char buf[65536];

	if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
		perror("udp-echo");
		return 1;
	}
	for (;;) {
		struct sockaddr_in from;
		socklen_t len = sizeof from;
		ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
		if (n >= 0)
			sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
	}
}
