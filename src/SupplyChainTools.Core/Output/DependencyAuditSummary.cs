using System;
using System.Collections.Generic;

namespace SupplyChainTools
{
    /// <summary>
    /// The counts of a dependency audit for a CI gate: findings per severity (suppressed ones counted apart) and an
    /// exit code whose bits say which severities were found: 4 = High, 2 = Medium, 1 = Low (Info and suppressed
    /// findings set no bit). So exit code 0 passes, and a gate on "High only" tests (ExitCode -band 4).
    /// </summary>
    public sealed class DependencyAuditSummary
    {
        /// <summary>The exit-code bit of unsuppressed High findings.</summary>
        public const int HighBit = 4;

        /// <summary>The exit-code bit of unsuppressed Medium findings.</summary>
        public const int MediumBit = 2;

        /// <summary>The exit-code bit of unsuppressed Low findings.</summary>
        public const int LowBit = 1;

        private DependencyAuditSummary(int total, int high, int medium, int low, int info, int suppressed, int files)
        {
            Total = total;
            High = high;
            Medium = medium;
            Low = low;
            Info = info;
            Suppressed = suppressed;
            Files = files;
            ExitCode = (high > 0 ? HighBit : 0) | (medium > 0 ? MediumBit : 0) | (low > 0 ? LowBit : 0);
        }

        /// <summary>Every finding, suppressed or not.</summary>
        public int Total { get; }

        /// <summary>Unsuppressed High findings.</summary>
        public int High { get; }

        /// <summary>Unsuppressed Medium findings.</summary>
        public int Medium { get; }

        /// <summary>Unsuppressed Low findings.</summary>
        public int Low { get; }

        /// <summary>Unsuppressed Info findings.</summary>
        public int Info { get; }

        /// <summary>Findings a suppression entry matched (reported with its reason, counted here, never in the severities).</summary>
        public int Suppressed { get; }

        /// <summary>Distinct files with at least one finding.</summary>
        public int Files { get; }

        /// <summary>4 (High) + 2 (Medium) + 1 (Low) for the severities found unsuppressed; 0 when none.</summary>
        public int ExitCode { get; }

        /// <summary>The summary of <paramref name="findings"/>.</summary>
        public static DependencyAuditSummary From(IEnumerable<DependencyFinding> findings)
        {
            int total = 0, high = 0, medium = 0, low = 0, info = 0, suppressed = 0;
            var files = new HashSet<string>(StringComparer.Ordinal);
            foreach (DependencyFinding finding in findings)
            {
                total++;
                files.Add(finding.File);
                if (finding.Suppressed)
                {
                    suppressed++;
                    continue;
                }

                switch (finding.Severity)
                {
                    case FindingSeverity.High: high++; break;
                    case FindingSeverity.Medium: medium++; break;
                    case FindingSeverity.Low: low++; break;
                    default: info++; break;
                }
            }

            return new DependencyAuditSummary(total, high, medium, low, info, suppressed, files.Count);
        }
    }
}
