package dev.parley;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test sources come in three sets: the fixtures ({@code src/testFixtures/java},
 * {@code dev.parley.support}), the benchmark ({@code src/bench/java},
 * {@code dev.parley.bench}) and the tests ({@code src/test/java}). Fixtures and benchmark
 * use the main code, the fixtures and libraries, never a test: checked on the compiled
 * classes, so a dependency is caught even where javac found the test class among older
 * build output.
 */
class SourceSetTests {

	static final JavaClasses ALL = new ClassFileImporter().importPackages("dev.parley");

	static final Set<String> MAIN = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
		.importPackages("dev.parley")
		.stream()
		.map(JavaClass::getName)
		.collect(Collectors.toUnmodifiableSet());

	/** Parley's classes that are not main code: tests, fixtures and the benchmark. */
	static final DescribedPredicate<JavaClass> NOT_MAIN = DescribedPredicate.describe("are not main code",
			type -> type.getPackageName().startsWith("dev.parley") && !MAIN.contains(type.getName()));

	@Test
	void theFixturesUseNoTestAndNotTheBenchmark() {
		noClasses().that()
			.resideInAPackage("dev.parley.support..")
			.should()
			.dependOnClassesThat(NOT_MAIN.and(not(resideInAPackage("dev.parley.support.."))))
			.check(ALL);
	}

	@Test
	void theBenchmarkUsesNoTest() {
		noClasses().that()
			.resideInAPackage("dev.parley.bench..")
			.should()
			.dependOnClassesThat(NOT_MAIN.and(not(resideInAnyPackage("dev.parley.support..", "dev.parley.bench.."))))
			.check(ALL);
	}

	@Test
	void eachSetHoldsOnlyItsOwnPackage() throws IOException {
		assertThat(sources("src/testFixtures/java")).isNotEmpty()
			.allMatch(path -> path.startsWith("dev/parley/support/"));
		assertThat(sources("src/bench/java")).isNotEmpty().allMatch(path -> path.startsWith("dev/parley/bench/"));
		assertThat(sources("src/test/java")).isNotEmpty()
			.noneMatch(path -> path.startsWith("dev/parley/support/") || path.startsWith("dev/parley/bench/"));
	}

	private static List<String> sources(String root) throws IOException {
		Path base = Path.of(root);
		try (Stream<Path> files = Files.walk(base)) {
			return files.filter(path -> path.toString().endsWith(".java"))
				.map(path -> base.relativize(path).toString().replace('\\', '/'))
				.toList();
		}
	}

}
