using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Advisories.Versions;

namespace SupplyChainTools.Core.Advisories
{
    /// <summary>What one affected block says about one version: affected or not, or why it cannot tell.</summary>
    internal sealed class RangeVerdict
    {
        private RangeVerdict(string status, string? range, string? fixedVersion, string reason)
        {
            Status = status;
            Range = range;
            FixedVersion = fixedVersion;
            Reason = reason;
        }

        /// <summary>Affected, NotAffected, Unparseable or NotMatchable (<see cref="VulnerabilityMatchStatus"/>).</summary>
        public string Status { get; }
        public string? Range { get; }
        public string? FixedVersion { get; }
        public string Reason { get; }

        public static RangeVerdict Affected(string range, string? fixedVersion, string reason) => new RangeVerdict(VulnerabilityMatchStatus.Affected, range, fixedVersion, reason);
        public static RangeVerdict NotAffected(string? range, string reason) => new RangeVerdict(VulnerabilityMatchStatus.NotAffected, range, null, reason);
        public static RangeVerdict Unparseable(string? range, string reason) => new RangeVerdict(VulnerabilityMatchStatus.Unparseable, range, null, reason);
        public static RangeVerdict NotMatchable(string reason) => new RangeVerdict(VulnerabilityMatchStatus.NotMatchable, null, null, reason);
    }

    /// <summary>
    /// Decides whether a version is in an affected block, as the OSV schema's evaluation rules say: each SEMVER
    /// or ECOSYSTEM range as intervals [introduced, fixed) or [introduced, last_affected] in the ecosystem's version
    /// order, then the listed versions[] exactly. GIT ranges name commits, not versions, and are left to versions[]. A version the order cannot read is Unparseable, never "not affected".
    /// </summary>
    internal static class RangeEvaluation
    {
        public static RangeVerdict Evaluate(OsvAffected block, string version)
        {
            VersionScheme? ecosystemScheme = VersionScheme.ForEcosystem(block.Ecosystem);
            IComparable? parsed = ecosystemScheme?.Parse(version);
            RangeVerdict? undecided = null;
            var checkedRanges = new List<string>();
            foreach (OsvRange range in block.Ranges)
            {
                if (range.Type == OsvRange.Git)
                {
                    continue;
                }

                VersionScheme? scheme = range.Type == OsvRange.Semver ? SemanticVersion.Scheme : range.Type == OsvRange.Ecosystem ? ecosystemScheme : null;
                string text = Describe(range);
                if (scheme == null)
                {
                    undecided ??= RangeVerdict.NotMatchable(range.Type == OsvRange.Ecosystem
                        ? $"the module knows no version order for the {Ecosystems.BaseName(block.Ecosystem)} ecosystem, so the range {text} cannot be evaluated"
                        : $"the range type '{range.Type}' is not one the OSV schema defines");
                    continue;
                }

                RangeVerdict verdict = EvaluateRange(range, scheme, version, text);
                if (verdict.Status == VulnerabilityMatchStatus.Affected)
                {
                    return verdict;
                }

                if (verdict.Status == VulnerabilityMatchStatus.Unparseable)
                {
                    undecided = verdict;
                }

                checkedRanges.Add(text);
            }

            // The ranges first, as they name the fix; then the listed versions, which decide where a range could not.
            foreach (string listed in block.Versions)
            {
                bool same = parsed != null && ecosystemScheme!.Parse(listed) is IComparable other ? parsed.CompareTo(other) == 0 : string.Equals(listed, version, StringComparison.Ordinal);
                if (same)
                {
                    return RangeVerdict.Affected("versions: " + Listed(block.Versions), null, $"version {version} is listed as affected");
                }
            }

            if (undecided != null)
            {
                return undecided;
            }

            string? ranges = checkedRanges.Count > 0 ? string.Join("; ", checkedRanges) : block.Versions.Count > 0 ? "versions: " + Listed(block.Versions) : null;
            return RangeVerdict.NotAffected(ranges, $"version {version} is outside every affected range and list");
        }

        private static RangeVerdict EvaluateRange(OsvRange range, VersionScheme scheme, string version, string text)
        {
            IComparable? current = scheme.Parse(version);
            if (current == null)
            {
                return RangeVerdict.Unparseable(text, $"'{version}' is not a {scheme.Name} version, so whether it is in {text} cannot be decided");
            }

            var events = new List<KeyValuePair<OsvEvent, IComparable?>>();
            foreach (OsvEvent item in range.Events)
            {
                IComparable? at = item.Kind == OsvEventKind.Introduced && item.Version == "0" ? null : scheme.Parse(item.Version);
                if (at == null && !(item.Kind == OsvEventKind.Introduced && item.Version == "0"))
                {
                    return RangeVerdict.Unparseable(text, $"the advisory's range event '{item.Version}' is not a {scheme.Name} version, so the range cannot be evaluated");
                }

                events.Add(new KeyValuePair<OsvEvent, IComparable?>(item, at));
            }

            // Sorted by version ("introduced: 0" first); at one version, an introduced event before the end that shares it.
            events.Sort((a, b) => a.Value == null ? (b.Value == null ? 0 : -1) : b.Value == null ? 1 : a.Value.CompareTo(b.Value));
            bool open = false;
            IComparable? start = null;
            foreach (KeyValuePair<OsvEvent, IComparable?> item in events)
            {
                OsvEvent e = item.Key;
                if (e.Kind == OsvEventKind.Introduced)
                {
                    if (!open)
                    {
                        open = true;
                        start = item.Value;
                    }

                    continue;
                }

                if (!open)
                {
                    continue;
                }

                open = false;
                bool afterStart = start == null || current.CompareTo(start) >= 0;
                int toEnd = current.CompareTo(item.Value!);
                bool beforeEnd = e.Kind == OsvEventKind.LastAffected ? toEnd <= 0 : toEnd < 0;
                if (afterStart && beforeEnd)
                {
                    return RangeVerdict.Affected(text, e.Kind == OsvEventKind.Fixed ? e.Version : null, $"version {version} is in {text} ({scheme.Name} order)");
                }
            }

            if (open && (start == null || current.CompareTo(start) >= 0))
            {
                return RangeVerdict.Affected(text, null, $"version {version} is in {text}, which no fixed version closes");
            }

            return RangeVerdict.NotAffected(text, $"version {version} is outside {text}");
        }

        /// <summary>"&gt;=0.7.29 &lt;0.7.30", "&gt;=0 &lt;=2.1.0", in record order.</summary>
        internal static string Describe(OsvRange range)
        {
            var parts = range.Events.Select(e => e.Kind switch
            {
                OsvEventKind.Introduced => ">=" + e.Version,
                OsvEventKind.Fixed => "<" + e.Version,
                OsvEventKind.LastAffected => "<=" + e.Version,
                _ => "<" + e.Version + " (limit)",
            });
            return string.Join(" ", parts);
        }

        private static string Listed(IReadOnlyList<string> versions) =>
            versions.Count <= 5 ? string.Join(", ", versions) : string.Join(", ", versions.Take(5)) + $" and {versions.Count - 5} more";
    }
}
