using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using SupplyChainTools.Core.Dependencies.Shell;

namespace SupplyChainTools.Core.Dependencies.Docker
{
    /// <summary>
    /// Dockerfiles and Containerfiles: FROM images without a full sha256 digest (ARG values substituted; scratch
    /// and earlier stages are fine; --platform and registry ports understood), and RUN instructions through the
    /// shell rules, with the line each instruction starts on.
    /// </summary>
    public sealed class DockerfileAuditor : IDependencyFileAuditor
    {
        public const string EcosystemName = "Docker";

        /// <summary>Most instructions one Dockerfile may hold.</summary>
        public const int MaximumInstructions = 100_000;

        public static readonly DependencyRule UnpinnedBaseImage = new DependencyRule(
            "Docker/UnpinnedBaseImage",
            "A FROM image is named by tag (or by nothing, which means latest), so each build may start from a different image.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Name the base image by digest (FROM image:tag@sha256:<64 hex>) and let Dependabot or Renovate update it.");

        private static readonly Regex Variable = new Regex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::?[-+](?<default>[^}]*))?\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

        private static readonly string[] SourceExtensions = { ".go", ".c", ".cpp", ".rs", ".js", ".ts", ".sh", ".py", ".pyc", ".java", ".cs", ".md", ".txt", ".json", ".yml", ".yaml" };

        public string Ecosystem => EcosystemName;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules { get; } = new[] { UnpinnedBaseImage }.Concat(ShellRules.All).ToArray();

        /// <summary>Dockerfile, Containerfile, Dockerfile.*, Dockerfile-*, *.Dockerfile; as Scorecard, not Dockerfile.go, .sh, .py and other source files.</summary>
        public bool Handles(DependencyFile file)
        {
            string name = file.Name;
            if (name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            bool named = name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Containerfile", StringComparison.OrdinalIgnoreCase);
            return named && !SourceExtensions.Contains(System.IO.Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
        }

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            var shell = new ShellCommandCheck(file);
            var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
            var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool seenFrom = false;
            foreach (DockerInstruction instruction in DockerInstruction.Read(file.ReadText(cancellationToken), cancellationToken).Take(MaximumInstructions))
            {
                switch (instruction.Keyword)
                {
                    case "ARG":
                        if (!seenFrom)
                        {
                            Argument(instruction.Arguments, arguments);
                        }

                        break;
                    case "FROM":
                        seenFrom = true;
                        DependencyFinding? finding = From(file, instruction, arguments, stages);
                        if (finding != null)
                        {
                            findings.Add(finding);
                        }

                        break;
                    case "RUN":
                        shell.Check(RunScript(instruction.Arguments), instruction.ScriptLine, cancellationToken);
                        break;
                }
            }

            return findings.Concat(shell.Findings).OrderBy(f => f.Line ?? 0).ToList();
        }

        private static DependencyFinding? From(DependencyFile file, DockerInstruction instruction, Dictionary<string, string> arguments, HashSet<string> stages)
        {
            string[] words = instruction.Arguments.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            var rest = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
            if (rest.Length == 0)
            {
                throw new DependencyFileFormatException(file.FullPath, instruction.Line, "FROM names no image.");
            }

            string written = rest[0];
            string image = Variable.Replace(written, m => arguments.TryGetValue(m.Groups["name"].Value, out string? value) ? value : m.Groups["default"].Value);
            bool earlierStage = stages.Contains(image);
            if (rest.Length >= 3 && rest[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                stages.Add(rest[2]);
            }

            if (earlierStage || image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (ImageReference.IsPinned(image) || image.Length == 0 || image.IndexOf('$') >= 0)
            {
                return null;
            }

            string shown = written == image ? image : written + " (" + image + ")";
            return UnpinnedBaseImage.Finding(EcosystemName, file, instruction.Line, ImageReference.Name(image), ImageReference.Requested(image), null,
                "The base image '" + shown + "' is named by " + (image.Contains('@') ? "a truncated digest" : "tag") + ", not by a full digest.");
        }

        private static void Argument(string text, Dictionary<string, string> arguments)
        {
            string definition = text.Trim();
            int equals = definition.IndexOf('=');
            if (equals > 0)
            {
                arguments[definition.Substring(0, equals).Trim()] = definition.Substring(equals + 1).Trim().Trim('"', '\'');
            }
        }

        /// <summary>The script of a RUN instruction: shell form as written, exec form ["sh", "-c", "..."] joined, options (--mount) dropped.</summary>
        private static string RunScript(string arguments)
        {
            string text = arguments.TrimStart();
            while (text.StartsWith("--", StringComparison.Ordinal))
            {
                int space = text.IndexOfAny(new[] { ' ', '\t' });
                text = space < 0 ? string.Empty : text.Substring(space).TrimStart();
            }

            if (text.StartsWith("[", StringComparison.Ordinal))
            {
                try
                {
                    using var document = System.Text.Json.JsonDocument.Parse(text);
                    var builder = new StringBuilder();
                    foreach (System.Text.Json.JsonElement element in document.RootElement.EnumerateArray())
                    {
                        string word = element.GetString() ?? string.Empty;
                        builder.Append(word.IndexOfAny(new[] { ' ', '|', '&', ';' }) >= 0 ? "'" + word.Replace("'", "'\\''") + "'" : word).Append(' ');
                    }

                    return builder.ToString();
                }
                catch (Exception exception) when (exception is System.Text.Json.JsonException || exception is InvalidOperationException)
                {
                    return text;
                }
            }

            return text;
        }
    }
}
