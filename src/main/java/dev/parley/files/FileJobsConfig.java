package dev.parley.files;

import java.util.UUID;

import dev.parley.broker.ConditionalOnClusterMode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job queue: RabbitMQ in relay mode (durable, so a job survives the node that took
 * the upload, and is redelivered if a worker dies mid-way), an in-process executor on the
 * embedded default.
 */
@Configuration(proxyBeanMethods = false)
class FileJobsConfig {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "parley.broker.mode", havingValue = "simple", matchIfMissing = true)
	static class InProcess {

		/**
		 * Its own small pool: Boot's {@code applicationTaskExecutor} is not defined once
		 * Parley has a scheduler and the broker's channel executors, and file work must
		 * not compete with message handling anyway.
		 */
		@Bean
		ThreadPoolTaskExecutor parleyFileExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			executor.setMaxPoolSize(2);
			executor.setQueueCapacity(10_000);
			executor.setThreadNamePrefix("parley-files-");
			return executor;
		}

		@Bean
		FileJobs inProcessFileJobs(ThreadPoolTaskExecutor parleyFileExecutor, FileProcessor processor) {
			return job -> parleyFileExecutor.execute(() -> processor.process(job));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClusterMode
	static class OnRabbit {

		static final String FILE_ID = "parley-file-id";

		static final String OWNER = "parley-owner";

		static final String NAME = "parley-name";

		static final String DECLARED_TYPE = "parley-declared-type";

		@Bean
		Queue fileJobQueue(FilesProperties properties) {
			return QueueBuilder.durable(properties.jobQueue()).build();
		}

		@Bean
		FileJobs rabbitFileJobs(RabbitTemplate rabbit, FilesProperties properties) {
			return job -> {
				Message message = MessageBuilder.withBody(job.content())
					.setContentType("application/octet-stream")
					.setHeader(FILE_ID, job.fileId().toString())
					.setHeader(OWNER, job.owner())
					.setHeader(NAME, job.name())
					.setHeader(DECLARED_TYPE, job.declaredType())
					.build();
				rabbit.send("", properties.jobQueue(), message);
			};
		}

		@Bean
		FileJobWorker fileJobWorker(FileProcessor processor) {
			return new FileJobWorker(processor);
		}

	}

	/** Takes jobs from RabbitMQ; any node's worker may take any job. */
	static class FileJobWorker {

		private final FileProcessor processor;

		FileJobWorker(FileProcessor processor) {
			this.processor = processor;
		}

		@RabbitListener(queues = "${parley.files.job-queue:parley.files.jobs}")
		void onJob(Message message) {
			var headers = message.getMessageProperties().getHeaders();
			this.processor.process(new FileJob(UUID.fromString(String.valueOf(headers.get(OnRabbit.FILE_ID))),
					String.valueOf(headers.get(OnRabbit.OWNER)), String.valueOf(headers.get(OnRabbit.NAME)),
					(String) headers.get(OnRabbit.DECLARED_TYPE), message.getBody()));
		}

	}

}
