using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.GitHubActions;
using YamlDotNet.RepresentationModel;

namespace SupplyChainTools.Core.Indicators
{
    /// <summary>
    /// The pinned actions of a GitHub workflow (.github/workflows/*.yml|yaml) or action (action.yml|yaml) against
    /// the known-bad commits of an <see cref="IndicatorSet"/>: each `uses: owner/repo@&lt;40-hex&gt;` of a job, a step
    /// or a composite action's step, with its line. The file is read and parsed as the GitHub Actions auditor reads
    /// it (<see cref="DependencyFile"/>, <see cref="BoundedYamlParser"/>, <see cref="ActionReference"/>).
    /// </summary>
    internal static class WorkflowActionScan
    {
        /// <summary>True for a workflow or action metadata file, the files GitHub runs `uses:` from.</summary>
        public static bool Handles(string path)
        {
            string normal = path.Replace('\\', '/');
            string name = Path.GetFileName(normal);
            string extension = Path.GetExtension(name);
            if (!extension.Equals(".yml", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return normal.IndexOf("/.github/workflows/", StringComparison.OrdinalIgnoreCase) >= 0
                || name.Equals("action.yml", StringComparison.OrdinalIgnoreCase) || name.Equals("action.yaml", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The known-bad pinned actions of one workflow or action file (usually none).</summary>
        public static IReadOnlyList<KnownBadFileMatch> Check(string path, long length, IndicatorSet indicators, CancellationToken cancellationToken)
        {
            var file = new DependencyFile(path, Path.GetFileName(path));
            YamlStream stream;
            try
            {
                stream = BoundedYamlParser.Load(file.ReadText(cancellationToken), path);
            }
            catch (DependencyFileFormatException ex)
            {
                string line = ex.Line.HasValue ? " (line " + ex.Line.Value + ")" : string.Empty;
                throw new InvalidDataException($"The workflow or action file '{path}'{line} cannot be read for its pinned actions: {ex.Message}", ex);
            }

            var matches = new List<KnownBadFileMatch>();
            if (stream.Documents.Count == 0 || !(stream.Documents[0].RootNode is YamlMappingNode root))
            {
                return matches;
            }

            foreach (YamlScalarNode uses in UsesNodes(root).Take(GitHubActionsAuditor.MaximumEntries * 2))
            {
                cancellationToken.ThrowIfCancellationRequested();
                (string action, string commit) = ActionReference.Split(uses.Value ?? string.Empty);
                if (ActionReference.IsFullSha(commit.ToLowerInvariant()) && indicators.FindKnownBadAction(action, commit) is Indicator indicator)
                {
                    int line = (int)Math.Min(int.MaxValue, uses.Start.Line);
                    matches.Add(KnownBadFileMatch.ForAction(path, length, line, action, commit, indicator.Source, indicator.Name, indicator.Description));
                }
            }

            return matches;
        }

        /// <summary>jobs.*.uses (reusable workflows), jobs.*.steps[].uses and runs.steps[].uses (composite actions).</summary>
        private static IEnumerable<YamlScalarNode> UsesNodes(YamlMappingNode root)
        {
            if (Child(root, "jobs") is YamlMappingNode jobs)
            {
                foreach (YamlNode job in jobs.Children.Values.Take(GitHubActionsAuditor.MaximumEntries))
                {
                    if (Child(job, "uses") is YamlScalarNode reusable)
                    {
                        yield return reusable;
                    }

                    foreach (YamlScalarNode step in StepUses(Child(job, "steps")))
                    {
                        yield return step;
                    }
                }
            }

            foreach (YamlScalarNode step in StepUses(Child(Child(root, "runs"), "steps")))
            {
                yield return step;
            }
        }

        private static IEnumerable<YamlScalarNode> StepUses(YamlNode? steps) =>
            steps is YamlSequenceNode sequence
                ? sequence.Children.Take(GitHubActionsAuditor.MaximumEntries).Select(step => Child(step, "uses")).OfType<YamlScalarNode>()
                : Enumerable.Empty<YamlScalarNode>();

        private static YamlNode? Child(YamlNode? node, string key) =>
            node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;
    }
}
