// "Attach file": each file is POSTed to /api/files (XMLHttpRequest, for its upload progress), then the server's
// checks arrive on /user/queue/files (fileEvent()) and move its progress bar and stage line until Done or Failed.
import { $, el } from './dom.js';
import { fileStageText } from './format.js';

/**
 * @param {object} options
 * @param {() => string} options.token
 */
export function createUploads({ token }) {
  /**
   * By local key until the server names the file, then by its fileId. An entry without a bar holds the events of a
   * fileId the server named before our upload's answer came.
   * @type {Map<string, {item: HTMLElement, bar?: HTMLProgressElement, stage?: HTMLElement, events: object[]}>}
   */
  const uploads = new Map();

  function entryFor(key, name) {
    let entry = uploads.get(key);
    if (!entry) {
      const item = el('li', 'upload');
      const label = el('span', 'upload-label', name);
      const bar = el('progress');
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute('aria-label', `Progress of ${name}`);
      const stage = el('span', 'upload-stage', 'Uploading…');
      item.append(label, bar, stage);
      $('uploads').prepend(item);
      entry = { item, bar, stage, name, events: [] };
      uploads.set(key, entry);
    }
    return entry;
  }

  function upload(file) {
    const key = `local-${crypto.randomUUID()}`;
    const entry = entryFor(key, file.name);
    const form = new FormData();
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', '/api/files');
    request.setRequestHeader('Authorization', `Bearer ${token()}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        entry.stage.textContent = `Uploading ${Math.round((event.loaded / event.total) * 100)}%`;
      }
    };
    request.onload = () => {
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch { /* not JSON */ }
      if (request.status !== 202) {
        entry.item.classList.add('failed');
        entry.stage.textContent = `Failed: ${answer.detail || `HTTP ${request.status}`}`;
        return;
      }
      uploads.delete(key);
      const early = uploads.get(answer.fileId);
      uploads.set(answer.fileId, entry);
      entry.stage.textContent = 'Queued';
      if (early) {
        early.item.remove();
        early.events.forEach((e) => apply(entry, e));
      }
    };
    request.onerror = () => {
      entry.item.classList.add('failed');
      entry.stage.textContent = 'Failed: the upload did not reach the server';
    };
    request.send(form);
  }

  function apply(entry, event) {
    if (!entry.bar) {
      entry.events.push(event);
      return;
    }
    entry.bar.value = event.percent;
    entry.stage.textContent = fileStageText(event);
    if (event.stage === 'done') {
      entry.item.classList.add('done');
      entry.stage.title = event.sha256;
    } else if (event.stage === 'failed') {
      entry.item.classList.add('failed');
    }
  }

  $('attach').addEventListener('click', () => $('file').click());
  $('file').addEventListener('change', () => {
    [...$('file').files].forEach(upload);
    $('file').value = '';
  });

  return {
    /** A frame of /user/queue/files. */
    fileEvent(event) {
      const known = uploads.get(event.fileId);
      if (known) {
        apply(known, event);
      } else {
        // progress can overtake the HTTP answer; keep it until the answer names the file
        uploads.set(event.fileId, { item: el('li'), events: [event] });
      }
    },
  };
}
