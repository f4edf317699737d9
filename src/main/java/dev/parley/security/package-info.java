/**
 * Who is calling: JWTs (minted here for demo users, or by any service holding the key),
 * HTTP bearer authentication, authentication on STOMP CONNECT and per-destination
 * authorization of every frame.
 */
@NullMarked
package dev.parley.security;

import org.jspecify.annotations.NullMarked;
