using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies.Docker;
using SupplyChainTools.Core.Dependencies.PowerShell;
using SupplyChainTools.Core.Dependencies.Shell;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SupplyChainTools.Core.Dependencies.GitHubActions
{
    /// <summary>
    /// Workflows (.github/workflows/*.yml), reusable workflows, and composite or Docker actions (action.yml anywhere,
    /// which Scorecard skips): uses: refs against the action policy, docker:// and container/service images without
    /// a digest, and run: steps through the shell rules (or the PowerShell rules for pwsh and powershell steps).
    /// YAML anchors and aliases are followed (YamlDotNet resolves them to the anchored node).
    /// </summary>
    public sealed class GitHubActionsAuditor : IDependencyFileAuditor
    {
        public const string EcosystemName = "GitHubActions";

        /// <summary>Most jobs, steps or services one file may declare.</summary>
        public const int MaximumEntries = 10000;

        public static readonly DependencyRule UnpinnedAction = new DependencyRule(
            "GitHubActions/UnpinnedAction",
            "A step uses an action by tag, branch or abbreviated SHA: whoever controls the action's repository decides what runs (tj-actions/changed-files, 2025).",
            FindingSeverity.High,
            FindingMitigation.PinDependencies,
            "Pin the action to a full 40-character commit SHA and keep the tag as a comment (uses: owner/repo@<sha> # v1.2.3); let Dependabot or Renovate update it.");

        public static readonly DependencyRule UnpinnedReusableWorkflow = new DependencyRule(
            "GitHubActions/UnpinnedReusableWorkflow",
            "A job calls a reusable workflow by tag or branch, so another repository's current workflow runs with this one's secrets.",
            FindingSeverity.High,
            FindingMitigation.PinDependencies,
            "Call the reusable workflow at a full commit SHA: uses: owner/repo/.github/workflows/x.yml@<sha>.");

        public static readonly DependencyRule UnpinnedImage = new DependencyRule(
            "GitHubActions/UnpinnedImage",
            "A docker:// action, job container or service image is named by tag, not by digest.",
            FindingSeverity.Medium,
            FindingMitigation.PinDependencies,
            "Name the image by digest: image@sha256:<64 hex> (docker buildx imagetools inspect shows it).");

        private static readonly DependencyRule[] OwnRules = { UnpinnedAction, UnpinnedReusableWorkflow, UnpinnedImage };

        public string Ecosystem => EcosystemName;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules { get; } = OwnRules.Concat(ShellRules.All).Concat(PowerShellRules.Pinning).ToArray();

        public bool Handles(DependencyFile file) => IsWorkflowOrAction(file);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            AuditWorkflow(file, options, cancellationToken).Where(f => f.Mitigation == FindingMitigation.PinDependencies).ToList();

        /// <summary>True for a workflow or an action's metadata file, decided from the path alone.</summary>
        internal static bool IsWorkflowOrAction(DependencyFile file)
        {
            string extension = Path.GetExtension(file.Name);
            if (!extension.Equals(".yml", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return IsWorkflow(file) || IsActionMetadata(file);
        }

        /// <summary>Every finding of both mitigations in a workflow or action file (the source audit keeps the M1033 ones).</summary>
        internal static IEnumerable<DependencyFinding> AuditWorkflow(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            YamlMappingNode? root = Load(file, cancellationToken);
            if (root == null)
            {
                return Array.Empty<DependencyFinding>();
            }

            var audit = new WorkflowAudit(file, options, cancellationToken);
            if (IsActionMetadata(file) && !IsWorkflow(file))
            {
                audit.Action(root);
            }
            else
            {
                audit.Workflow(root);
            }

            return audit.Findings;
        }

        private static bool IsWorkflow(DependencyFile file) =>
            file.RelativePath.IndexOf(".github/workflows/", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool IsActionMetadata(DependencyFile file) =>
            file.Name.Equals("action.yml", StringComparison.OrdinalIgnoreCase) || file.Name.Equals("action.yaml", StringComparison.OrdinalIgnoreCase);

        private static YamlMappingNode? Load(DependencyFile file, CancellationToken cancellationToken)
        {
            string text = file.ReadText(cancellationToken);
            YamlStream stream = BoundedYamlParser.Load(text, file.FullPath);
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }

        /// <summary>The walk over one workflow or action file.</summary>
        private sealed class WorkflowAudit
        {
            private readonly DependencyFile _file;
            private readonly DependencyAuditOptions _options;
            private readonly CancellationToken _cancellationToken;
            private readonly ShellCommandCheck _shell;

            public WorkflowAudit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
            {
                _file = file;
                _options = options;
                _cancellationToken = cancellationToken;
                _shell = new ShellCommandCheck(file);
            }

            private readonly List<DependencyFinding> _own = new List<DependencyFinding>();
            private readonly List<DependencyFinding> _powerShell = new List<DependencyFinding>();

            public IEnumerable<DependencyFinding> Findings => _own.Concat(_shell.Findings).Concat(_powerShell).OrderBy(f => f.Line ?? 0);

            public void Workflow(YamlMappingNode root)
            {
                string? defaultShell = Scalar(Child(Child(Child(root, "defaults"), "run"), "shell"));
                foreach (KeyValuePair<YamlNode, YamlNode> job in Entries(Child(root, "jobs")))
                {
                    if (job.Value is not YamlMappingNode jobNode)
                    {
                        continue;
                    }

                    if (Child(jobNode, "uses") is YamlScalarNode reusable)
                    {
                        Uses(reusable, UnpinnedReusableWorkflow);
                    }

                    Image(Child(jobNode, "container"));
                    foreach (KeyValuePair<YamlNode, YamlNode> service in Entries(Child(jobNode, "services")))
                    {
                        Image(service.Value);
                    }

                    // A run: step without a shell runs in bash, except on Windows runners, where GitHub uses pwsh.
                    string? runsOn = Scalar(Child(jobNode, "runs-on"));
                    string? platformShell = runsOn != null && runsOn.IndexOf("windows", StringComparison.OrdinalIgnoreCase) >= 0 ? "pwsh" : null;
                    string? jobShell = Scalar(Child(Child(Child(jobNode, "defaults"), "run"), "shell")) ?? defaultShell ?? platformShell;
                    Steps(Child(jobNode, "steps"), jobShell);
                }
            }

            public void Action(YamlMappingNode root)
            {
                YamlNode? runs = Child(root, "runs");
                Steps(Child(runs, "steps"), null);
                if (Child(runs, "image") is YamlScalarNode image && image.Value != null && image.Value.StartsWith("docker://", StringComparison.OrdinalIgnoreCase))
                {
                    CheckImage(image.Value.Substring("docker://".Length), Line(image));
                }
            }

            private void Steps(YamlNode? steps, string? defaultShell)
            {
                if (steps is not YamlSequenceNode sequence)
                {
                    return;
                }

                foreach (YamlNode step in sequence.Children.Take(MaximumEntries))
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (step is not YamlMappingNode stepNode)
                    {
                        continue;
                    }

                    if (Child(stepNode, "uses") is YamlScalarNode uses)
                    {
                        Uses(uses, UnpinnedAction);
                    }

                    if (Child(stepNode, "run") is YamlScalarNode run && run.Value != null)
                    {
                        int firstLine = Line(run) + (run.Style == ScalarStyle.Literal || run.Style == ScalarStyle.Folded ? 1 : 0);
                        string shell = (Scalar(Child(stepNode, "shell")) ?? defaultShell ?? "bash").Trim();
                        string shellName = shell.Split(' ')[0].ToLowerInvariant();
                        if (shellName == "pwsh" || shellName == "powershell")
                        {
                            _powerShell.AddRange(PowerShellScriptCheck.Audit(_file, run.Value, firstLine, _options, _cancellationToken));
                        }
                        else if (shellName == "bash" || shellName == "sh")
                        {
                            _shell.Check(run.Value, firstLine, _cancellationToken);
                        }
                    }
                }
            }

            private void Uses(YamlScalarNode node, DependencyRule rule)
            {
                string uses = node.Value ?? string.Empty;
                if (uses.StartsWith("./", StringComparison.Ordinal) || uses.Length == 0)
                {
                    return; // a local action or workflow: pinned with this repository
                }

                if (uses.StartsWith("docker://", StringComparison.OrdinalIgnoreCase))
                {
                    CheckImage(uses.Substring("docker://".Length), Line(node));
                    return;
                }

                (string action, string reference) = ActionReference.Split(uses);
                string policy = ActionReference.Policy(action, _options.ActionPolicy);
                if (!ActionReference.Satisfies(policy, reference))
                {
                    string what = rule == UnpinnedReusableWorkflow ? "reusable workflow" : "action";
                    _own.Add(rule.Finding(EcosystemName, _file, Line(node), action, reference, null,
                        "The " + what + " '" + action + "' is used at " + ActionReference.Describe(reference) + " (policy " + policy + ")."));
                }
            }

            private void Image(YamlNode? node)
            {
                YamlNode? image = node is YamlMappingNode mapping ? Child(mapping, "image") : node;
                if (image is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value))
                {
                    CheckImage(scalar.Value!, Line(scalar));
                }
            }

            private void CheckImage(string image, int line)
            {
                if (ImageReference.IsPinned(image) || ImageReference.IsUnresolved(image))
                {
                    return;
                }

                _own.Add(UnpinnedImage.Finding(EcosystemName, _file, line, ImageReference.Name(image), ImageReference.Requested(image), null,
                    "The image '" + image + "' is named by tag, not by digest."));
            }
        }

        private static int Line(YamlNode node) => (int)Math.Min(int.MaxValue, node.Start.Line);

        private static YamlNode? Child(YamlNode? node, string key)
        {
            if (node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value))
            {
                return value;
            }

            return null;
        }

        private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

        private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Entries(YamlNode? node) =>
            node is YamlMappingNode mapping ? mapping.Children.Take(MaximumEntries) : Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();
    }
}
