// gik-lint for VS Code: starts `gik-lint lsp` (a language server over stdio) for plain
// text, Markdown and HTML documents. Everything else — diagnostics, hover, quick fixes —
// comes from the server. See docs/editors.md.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions(settings) {
  const args = [...settings.get("args", []), "lsp"];
  const config = settings.get("config", "");
  if (config) {
    args.push("--config", config);
  }
  return { command: settings.get("path", "gik-lint"), args };
}

function clientOptions(settings) {
  const languages = ["plaintext", "markdown", "html"];
  return {
    documentSelector: languages.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions: {
      debounce: settings.get("debounce", 300),
      timeLimit: settings.get("timeLimit", 10),
      rulesUrl: settings.get("rulesUrl", "") || undefined,
    },
  };
}

async function start() {
  const settings = vscode.workspace.getConfiguration("gik-lint");
  client = new LanguageClient("gik-lint", "gik-lint", serverOptions(settings), clientOptions(settings));
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `gik-lint 语言服务器无法启动（${error.message}）。请安装：pip install 'gik-lint[lsp]'，或在设置中指定 gik-lint.path。`
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("gik-lint.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("gik-lint")) {
        await stop();
        await start();
      }
    })
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
