package io.ferrymq.namesrv.route;

/** What a registering slave learns: its master's address and HA address (null for masters). */
public record RegisterResult(String masterAddr, String haServerAddr) {
}
