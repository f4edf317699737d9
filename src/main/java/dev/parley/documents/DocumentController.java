package dev.parley.documents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.documents.DocumentEditor.OpCommand;
import dev.parley.documents.DocumentService.Caller;
import dev.parley.documents.DocumentService.Ops;
import dev.parley.documents.DocumentStore.Submitted;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.errors.Problems;
import dev.parley.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The documents of a conversation over HTTP, for its members and SERVICE accounts:
 * <ul>
 * <li>{@code POST /api/conversations/{id}/documents {"title"}}: 201 with the
 * document;</li>
 * <li>{@code GET /api/conversations/{id}/documents}: the list, oldest first;</li>
 * <li>{@code GET …/documents/{docId}}: {@code {"id","title","version","text"}};</li>
 * <li>{@code GET …/documents/{docId}/ops?after=<version>&limit=<n>}: the ops since, as
 * broadcast; 410 with the document ({@code "document"}) when they are no longer
 * kept;</li>
 * <li>{@code POST …/documents/{docId}/ops {"version","op","clientOpId"}}: an op, for
 * services without a STOMP session; answered after the commit with the op as applied and
 * whether it was a repeat.</li>
 * </ul>
 */
@RestController
class DocumentController {

	static final int DEFAULT_LIMIT = 500;

	static final int MAX_LIMIT = 1000;

	private final DocumentService documents;

	private final DocumentEditor editor;

	DocumentController(DocumentService documents, DocumentEditor editor) {
		this.documents = documents;
		this.editor = editor;
	}

	@PostMapping("/api/conversations/{id}/documents")
	@ResponseStatus(HttpStatus.CREATED)
	DocumentView create(@PathVariable UUID id, @RequestBody CreateDocument request, Authentication caller) {
		return this.documents.create(id, caller(caller), request.title());
	}

	@GetMapping("/api/conversations/{id}/documents")
	List<DocumentView> list(@PathVariable UUID id, Authentication caller) {
		return this.documents.list(id, caller(caller));
	}

	@GetMapping("/api/conversations/{id}/documents/{docId}")
	DocumentSnapshot get(@PathVariable UUID id, @PathVariable UUID docId, Authentication caller) {
		return DocumentSnapshot.of(this.documents.get(id, docId, caller(caller)));
	}

	@GetMapping("/api/conversations/{id}/documents/{docId}/ops")
	ResponseEntity<?> ops(@PathVariable UUID id, @PathVariable UUID docId, @RequestParam long after,
			@RequestParam(required = false) @Nullable Integer limit, Authentication caller) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw new ParleyException(ErrorCode.VALIDATION, "limit must be 1-" + MAX_LIMIT);
		}
		Ops ops = this.documents.opsAfter(id, docId, after, size, caller(caller));
		if (ops.gone()) {
			ProblemDetail problem = Problems.of(ErrorCode.GONE, "The ops after version " + after
					+ " are no longer kept; start again from the document (\"document\")");
			problem.setProperty("document", DocumentSnapshot.of(ops.document()));
			return ResponseEntity.status(HttpStatus.GONE).body(problem);
		}
		return ResponseEntity.ok(ops.ops().stream().map(op -> DocOpEvent.of(docId, op, null)).toList());
	}

	@PostMapping("/api/conversations/{id}/documents/{docId}/ops")
	Map<String, Object> submit(@PathVariable UUID id, @PathVariable UUID docId, @RequestBody OpCommand command,
			Authentication caller) {
		Caller who = caller(caller);
		this.documents.requireAccess(id, who);
		Submitted submitted = this.editor.submit(id, docId, who.name(), command);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("version", submitted.op().version());
		answer.put("op", submitted.op().op().toJson());
		answer.put("repeated", submitted.repeated());
		return answer;
	}

	private static Caller caller(Authentication authentication) {
		boolean service = Role.SERVICE.heldBy(authentication);
		return new Caller(authentication.getName(), service);
	}

	record CreateDocument(@Nullable String title) {
	}

}
