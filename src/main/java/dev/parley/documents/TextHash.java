package dev.parley.documents;

/**
 * The hash a broadcast op carries every {@code parley.documents.hash-every} versions, so
 * that a client can tell whether its text is the server's: 32-bit FNV-1a over the text's
 * UTF-16 code units, as eight lower-case hex digits. UTF-16 units because both Java's
 * strings and JavaScript's are made of them, so the page hashes its text as it holds it;
 * FNV-1a because it is a few lines in either language and needs no async crypto API. It
 * detects divergence by accident, not tampering: the server is the authority, a client
 * only checks itself.
 */
final class TextHash {

	private static final int OFFSET_BASIS = 0x811c9dc5;

	private static final int PRIME = 0x01000193;

	private TextHash() {
	}

	static String of(String text) {
		int hash = OFFSET_BASIS;
		for (int i = 0; i < text.length(); i++) {
			hash ^= text.charAt(i);
			hash *= PRIME;
		}
		return String.format("%08x", hash);
	}

}
