package dev.parley.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a file really is, from its first bytes, whatever its name or declared type says.
 */
final class ContentSniffer {

	static final String EXECUTABLE_ELF = "application/x-elf";

	static final String EXECUTABLE_PE = "application/vnd.microsoft.portable-executable";

	private ContentSniffer() {
	}

	static String sniff(byte[] content) {
		if (startsWith(content, 0x89, 'P', 'N', 'G')) {
			return "image/png";
		}
		if (startsWith(content, 0xFF, 0xD8, 0xFF)) {
			return "image/jpeg";
		}
		if (startsWith(content, 'G', 'I', 'F', '8')) {
			return "image/gif";
		}
		if (startsWith(content, '%', 'P', 'D', 'F')) {
			return "application/pdf";
		}
		if (startsWith(content, 'P', 'K', 3, 4)) {
			return "application/zip";
		}
		if (startsWith(content, 0x7F, 'E', 'L', 'F')) {
			return EXECUTABLE_ELF;
		}
		if (startsWith(content, 'M', 'Z')) {
			return EXECUTABLE_PE;
		}
		return isText(content) ? "text/plain" : "application/octet-stream";
	}

	static boolean isExecutable(String contentType) {
		return EXECUTABLE_ELF.equals(contentType) || EXECUTABLE_PE.equals(contentType);
	}

	private static boolean startsWith(byte[] content, int... prefix) {
		if (content.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((content[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean isText(byte[] content) {
		for (byte b : content) {
			if (b == 0) {
				return false;
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
