package dev.parley.conversation;

/**
 * How far one member has read: {@code {"user","seq"}} (0 before reading anything).
 */
public record MemberRead(String user, long seq) {
}
