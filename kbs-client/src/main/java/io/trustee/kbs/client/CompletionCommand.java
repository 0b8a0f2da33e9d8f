package io.trustee.kbs.client;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code completion}: prints the bash completion script picocli generates from the command tree
 * ({@link AutoComplete#bash}), which zsh can load too ({@code autoload -U bashcompinit;
 * bashcompinit}). Install with {@code source <(kbs-client completion)} or by writing it to {@code
 * /etc/bash_completion.d/kbs-client}.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description =
        "Print a bash/zsh completion script for kbs-client: source <(kbs-client completion)")
final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    String script = AutoComplete.bash("kbs-client", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
  }
}
