package dev.parley;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each package under {@code dev.parley} is a module: no cycles between them, and no
 * module reaches into another's internals (its sub-packages, or types it keeps
 * package-private). The module documentation in {@code docs/modules} must be the code's:
 * when it is not, this test writes it anew and fails, so that the new picture gets
 * committed.
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(ParleyApplication.class);

	static final Path COMMITTED = Path.of("docs/modules");

	@Test
	void modulesHaveNoCyclesAndUseOnlyEachOthersApi() {
		MODULES.verify();
	}

	@Test
	void theModuleDocumentationIsCurrent() throws IOException {
		Path generated = Path.of("target/modules-docs");
		FileSystemUtils.deleteRecursively(generated);
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
		Map<String, String> current = contents(generated);
		Map<String, String> committed = contents(COMMITTED);
		if (!current.equals(committed)) {
			FileSystemUtils.deleteRecursively(COMMITTED);
			Files.createDirectories(COMMITTED);
			for (String name : current.keySet()) {
				Files.copy(generated.resolve(name), COMMITTED.resolve(name), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		assertThat(current).as("docs/modules was out of date and has been written anew: commit it")
			.isEqualTo(committed);
	}

	/**
	 * Each file's lines, sorted: the order of modules and relations in a file may follow
	 * the class path's.
	 */
	private static Map<String, String> contents(Path folder) throws IOException {
		Map<String, String> contents = new TreeMap<>();
		if (!Files.isDirectory(folder)) {
			return contents;
		}
		try (Stream<Path> files = Files.list(folder)) {
			files.forEach(file -> {
				try (Stream<String> lines = Files.lines(file)) {
					contents.put(file.getFileName().toString(), String.join("\n", lines.sorted().toList()));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		return contents;
	}

}
