// Sends the import form (file or pasted text, with the antiforgery field) to the import endpoint over HTTP.
// Returns { status, token, errors, noChanges, changes } from the server, or { status: 413, tooLarge: size } when the
// input is over maxBytes (checked here first, so a large file is not sent at all), or { status: 0, failure } when the
// request never got an answer.
export async function upload(form, fields, maxBytes) {
    const data = new FormData(form);
    for (const [key, value] of Object.entries(fields)) {
        data.set(key, value);
    }
    const file = form.querySelector('input[type=file]').files[0];
    let size;
    if (file) {
        data.delete('text');
        size = file.size;
    } else {
        data.delete('file');
        size = new Blob([data.get('text') ?? '']).size;
    }
    if (size > maxBytes) {
        return { status: 413, tooLarge: size };
    }
    let response;
    try {
        response = await fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin', redirect: 'error' });
    } catch (e) {
        return { status: 0, failure: String(e) };
    }
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
        return { status: response.status, ...(await response.json()) };
    }
    return { status: response.status, failure: `${response.status} ${response.statusText}` };
}
