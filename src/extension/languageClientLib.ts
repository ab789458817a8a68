// vscode-languageclient as a bundle of its own (dist/languageClientLib.js): it is
// half of what the extension would otherwise load at activation, and it is only
// needed when Go Doctor itself starts gopls (the Go extension absent).

export { LanguageClient } from "vscode-languageclient/node";
