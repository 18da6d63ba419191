// The checks page's browser side, loaded as a module (the CSP allows no inline script).

// The names textarea's text as bytes, read by the server as a stream: a long list is never one circuit message.
export function readText(element) {
    return new TextEncoder().encode(element.value);
}

// Puts an uploaded file's names into the textarea.
export function setText(element, text) {
    element.value = text;
}

// Saves the CSV the server streams as a file.
export async function download(fileName, streamReference) {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: 'text/csv' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    URL.revokeObjectURL(url);
}
