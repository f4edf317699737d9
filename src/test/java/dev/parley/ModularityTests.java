package dev.parley;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Each package under {@code dev.parley} is a module: no cycles between them, and no module reaches into another's
 * internals (its sub-packages, or types it keeps package-private). Writes the module documentation to
 * {@code docs/modules} so that the picture in the docs is the code's.
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(ParleyApplication.class);

	@Test
	void modulesHaveNoCyclesAndUseOnlyEachOthersApi() {
		MODULES.verify();
	}

	@Test
	void writesTheModuleDocumentation() {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
	}

}
