package dev.parley.broker;

import dev.parley.security.SecurityProperties;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start relay or bridge mode without a JWT secret shared by all nodes: a
 * random key per node would make a token from one node fail on another. A bean factory
 * post-processor, so the refusal comes before any bean is made.
 */
@Component
class RelayModeGuard implements BeanFactoryPostProcessor, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Binder binder = Binder.get(this.environment);
		BrokerProperties broker = binder.bindOrCreate("parley.broker", BrokerProperties.class);
		String secret = binder.bindOrCreate("parley.security", SecurityProperties.class).jwt().secret();
		if (broker.mode() != BrokerProperties.Mode.SIMPLE && (secret == null || secret.isBlank())) {
			String mode = (broker.mode() == BrokerProperties.Mode.RELAY) ? "Relay" : "Bridge";
			throw new IllegalStateException(
					mode + " mode needs parley.security.jwt.secret (env PARLEY_JWT_SECRET) shared "
							+ "by all nodes: a random key per node would make tokens from one node fail on another.");
		}
	}

}
