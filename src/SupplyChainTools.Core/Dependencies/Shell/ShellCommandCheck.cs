using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Shell
{
    /// <summary>
    /// Reads a shell script (a file, a Dockerfile RUN instruction, a workflow run: step) and reports its unpinned
    /// commands: a download piped or substituted into an interpreter, a downloaded file run before its hash is
    /// checked, and package-manager installs without pins. A download whose file is checked with sha256sum -c,
    /// shasum -c, gpg --verify or minisign -V before it runs counts as verified (Scorecard flags it).
    /// </summary>
    public sealed class ShellCommandCheck
    {
        private const int MaximumDepth = 4;
        private static readonly string[] DownloadTools = { "curl", "wget", "gsutil", "aws" };
        private static readonly string[] Interpreters =
        {
            "sh", "bash", "mksh", "dash", "ksh", "zsh", "exec", "su", "python", "python3", "python2.7", "perl", "ruby", "php", "node", "nodejs", "java", "dotnet", "nuget",
            "pwsh", "powershell", "source", ".",
        };

        private static readonly string[] ChecksumTools = { "sha256sum", "sha512sum", "sha384sum", "sha224sum", "shasum", "b2sum" };

        private readonly DependencyFile _file;
        private readonly List<DependencyFinding> _findings = new List<DependencyFinding>();
        private readonly Dictionary<string, int> _downloaded = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly HashSet<string> _verified = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>A check of scripts in <paramref name="file"/>; one instance per file, so a download in one RUN line is remembered in the next.</summary>
        public ShellCommandCheck(DependencyFile file)
        {
            _file = file;
        }

        /// <summary>The findings so far.</summary>
        public IReadOnlyList<DependencyFinding> Findings => _findings;

        /// <summary>Checks <paramref name="script"/>, whose first line is line <paramref name="firstLine"/> of the file.</summary>
        public void Check(string script, int firstLine, CancellationToken cancellationToken) => Check(script, firstLine, 0, cancellationToken);

        private void Check(string script, int firstLine, int depth, CancellationToken cancellationToken)
        {
            if (depth > MaximumDepth)
            {
                return;
            }

            List<List<ShellCommand>> pipelines;
            try
            {
                pipelines = ShellScript.Parse(script, firstLine, cancellationToken);
            }
            catch (FormatException exception)
            {
                throw new DependencyFileFormatException(_file.FullPath, firstLine, exception.Message, exception);
            }

            foreach (List<ShellCommand> pipeline in pipelines)
            {
                for (int index = 0; index < pipeline.Count; index++)
                {
                    CheckCommand(pipeline, index, depth, cancellationToken);
                }
            }
        }

        private void CheckCommand(List<ShellCommand> pipeline, int index, int depth, CancellationToken cancellationToken)
        {
            ShellCommand command = pipeline[index];
            string name = PackageManagerCommands.BinaryName(command.Name);
            bool interpreter = Interpreters.Contains(name);
            string text = string.Join(" ", command.Words.Select(w => w.Text));

            foreach (ShellWord word in command.Words)
            {
                foreach (string inner in word.Substitutions)
                {
                    if (interpreter && StartsWithDownload(inner, command.Line, cancellationToken))
                    {
                        Report(ShellRules.DownloadThenRun, command.Line, text, "runs what a download prints, unchecked");
                    }
                    else
                    {
                        Check(inner, command.Line, depth + 1, cancellationToken);
                    }
                }
            }

            if (interpreter)
            {
                int c = IndexOfWord(command, w => w.StartsWith("-", StringComparison.Ordinal) && w.IndexOf('c') > 0 && !w.StartsWith("--", StringComparison.Ordinal));
                if (c > 0 && c + 1 < command.Words.Count && command.Words[c + 1].Substitutions.Count == 0)
                {
                    Check(command.Words[c + 1].Text, command.Line, depth + 1, cancellationToken);
                }
            }

            if (IsDownload(command) && command.PipesIntoNext && index + 1 < pipeline.Count
                && Interpreters.Contains(PackageManagerCommands.BinaryName(pipeline[index + 1].Name)))
            {
                Report(ShellRules.DownloadThenRun, command.Line, text + " | " + pipeline[index + 1].Name, "pipes a download into " + pipeline[index + 1].Name);
            }

            if (IsChecksumVerification(command))
            {
                MarkVerified(pipeline, command);
            }

            foreach (KeyValuePair<string, int> download in _downloaded)
            {
                if (_verified.Contains(download.Key))
                {
                    continue;
                }

                bool runs = Normalize(command.Name) == download.Key
                    || (interpreter && command.Words.Skip(1).Any(w => Normalize(w.Text) == download.Key));
                if (runs)
                {
                    Report(ShellRules.DownloadThenRun, command.Line, text, "runs '" + download.Key + "', downloaded on line " + download.Value + ", without checking its hash");
                }
            }

            string? output = DownloadOutput(command);
            if (output != null)
            {
                _downloaded[Normalize(output)] = command.Line;
            }

            DependencyRule? rule = PackageManagerCommands.UnpinnedInstall(command.Words.Select(w => w.Text).ToList());
            if (rule != null)
            {
                Report(rule, command.Line, text, "installs without a pin");
            }
        }

        private bool StartsWithDownload(string script, int line, CancellationToken cancellationToken)
        {
            List<List<ShellCommand>> inner = ShellScript.Parse(script, line, cancellationToken);
            return inner.Count > 0 && inner[0].Count > 0 && IsDownload(inner[0][0]);
        }

        private void Report(DependencyRule rule, int line, string commandText, string what)
        {
            string requested = commandText.Length > 200 ? commandText.Substring(0, 200) + "..." : commandText;
            if (_findings.Any(f => f.RuleId == rule.Id && f.Line == line && f.Requested == requested))
            {
                return;
            }

            _findings.Add(rule.Finding(ShellRules.Ecosystem, _file, line, PackageManagerCommands.BinaryName(commandText.Split(' ')[0]), requested, null, "The command " + what + "."));
        }

        private static bool IsDownload(ShellCommand command)
        {
            string name = PackageManagerCommands.BinaryName(command.Name);
            if (name == "aws")
            {
                return command.Argument(1) == "s3api" && command.Argument(2) == "get-object";
            }

            return DownloadTools.Contains(name);
        }

        private static string? DownloadOutput(ShellCommand command)
        {
            if (!IsDownload(command))
            {
                return null;
            }

            if (command.RedirectTarget != null)
            {
                return command.RedirectTarget;
            }

            string name = PackageManagerCommands.BinaryName(command.Name);
            for (int i = 1; i < command.Words.Count; i++)
            {
                string word = command.Words[i].Text;
                if ((name == "wget" && (word == "-O" || word == "--output-document")) || (name == "curl" && (word == "-o" || word == "--output")))
                {
                    return i + 1 < command.Words.Count && command.Words[i + 1].Text != "-" ? command.Words[i + 1].Text : null;
                }

                if (name == "wget" && word.StartsWith("--output-document=", StringComparison.Ordinal))
                {
                    return word.Substring("--output-document=".Length);
                }
            }

            bool urlName = name == "wget" || (name == "curl" && command.Words.Any(w => w.Text == "-O" || w.Text == "--remote-name" || (w.Text.StartsWith("-", StringComparison.Ordinal) && !w.Text.StartsWith("--", StringComparison.Ordinal) && w.Text.Contains('O'))));
            if (urlName)
            {
                ShellWord? url = command.Words.FirstOrDefault(w => w.Text.StartsWith("http", StringComparison.OrdinalIgnoreCase));
                if (url != null && Uri.TryCreate(url.Text, UriKind.Absolute, out Uri? uri))
                {
                    string last = uri.AbsolutePath.Split('/').Last();
                    return last.Length > 0 ? last : null;
                }
            }

            if (name == "aws" && command.Words.Count >= 2)
            {
                return command.Words[command.Words.Count - 1].Text;
            }

            return null;
        }

        private static bool IsChecksumVerification(ShellCommand command)
        {
            string name = PackageManagerCommands.BinaryName(command.Name);
            if (ChecksumTools.Contains(name))
            {
                return command.Words.Any(w => w.Text == "--check" || (w.Text.StartsWith("-", StringComparison.Ordinal) && !w.Text.StartsWith("--", StringComparison.Ordinal) && w.Text.Contains('c')));
            }

            return (name == "gpg" || name == "gpgv" || name == "gpg2") && command.Words.Any(w => w.Text == "--verify")
                || (name == "minisign" && command.Words.Any(w => w.Text == "-V"))
                || (name == "cosign" && command.Argument(1).StartsWith("verify", StringComparison.Ordinal));
        }

        private void MarkVerified(List<ShellCommand> pipeline, ShellCommand verification)
        {
            var named = new List<string>();
            foreach (ShellCommand command in pipeline)
            {
                foreach (ShellWord word in command.Words)
                {
                    named.AddRange(word.Text.Split(new[] { ' ', '\t', '*' }, StringSplitOptions.RemoveEmptyEntries).Select(Normalize));
                }
            }

            bool readsList = verification.Words.Skip(1).Any(w => !w.Text.StartsWith("-", StringComparison.Ordinal));
            foreach (string file in _downloaded.Keys)
            {
                if (named.Contains(file) || readsList)
                {
                    _verified.Add(file);
                }
            }
        }

        private static int IndexOfWord(ShellCommand command, Func<string, bool> predicate)
        {
            for (int i = 1; i < command.Words.Count; i++)
            {
                if (predicate(command.Words[i].Text))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Normalize(string path)
        {
            while (path.StartsWith("./", StringComparison.Ordinal))
            {
                path = path.Substring(2);
            }

            return path;
        }
    }
}
