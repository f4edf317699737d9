package dev.parley.files;

/**
 * Where uploads wait to be processed.
 */
interface FileJobs {

	void submit(FileJob job);

}
