using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainTools.Core.Advisories;
using SupplyChainTools.Core.Advisories.Versions;
using SupplyChainTools.Core.Indicators;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>The fuzz targets of the advisory and indicator readers (OSV records, indicator files, version orders).</summary>
    internal static class AdvisoryFuzzTargets
    {
        private static string Fixture(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "fixtures" }.Concat(parts).ToArray());

        /// <summary>
        /// The JSON parser and the OSV record reader, then matching a component of every affected package against
        /// the record. Oracle: every result's status is one of the documented ones, and a component whose version
        /// a record lists verbatim is never NotAffected.
        /// </summary>
        public static FuzzTarget OsvRecord()
        {
            var seeds = Directory.EnumerateFiles(Fixture("osv", "records"), "*.json", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new FuzzSeed(Path.GetFileName(p), File.ReadAllBytes(p)))
                .ToList();
            string[] statuses = typeof(VulnerabilityMatchStatus).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "OsvRecord",
                seeds,
                (input, origin) =>
                {
                    string text = new UTF8Encoding(false, false).GetString(input);
                    OsvDatabase database = OsvDatabase.FromRecords(new[] { new KeyValuePair<string, string>(origin.Name, text) });
                    var check = new KnownVulnerabilityCheck(database, includeUnaffected: true);
                    foreach (OsvAffected block in OsvRecordParser.Parse(text, origin.Name, default).Affected)
                    {
                        foreach (string version in block.Versions.Take(3).Concat(new[] { "0.0.1", "1.0.0", "not a version" }))
                        {
                            var component = new SoftwareComponent(block.Ecosystem, block.Name, version, null, "/fuzz", "fuzz", false, null, "/fuzz");
                            foreach (VulnerabilityMatch match in check.Check(component))
                            {
                                target!.OracleChecks++;
                                if (Array.IndexOf(statuses, match.Status) < 0)
                                {
                                    return "undocumented status '" + match.Status + "'";
                                }

                                if (block.Versions.Contains(version) && match.AdvisoryId == block.Record.Id && match.Status == VulnerabilityMatchStatus.NotAffected && !block.Record.Withdrawn)
                                {
                                    return "version '" + version + "' is listed by " + block.Record.Id + " but was reported NotAffected";
                                }
                            }
                        }
                    }

                    return null;
                },
                typeof(OsvRecordException))
            {
                Tokens = new[] { "{", "}", "[", "]", "\"", ",", ":", "\\u0000", "\\ud800", "\"introduced\": \"0\"", "\"fixed\": \"1.0.0\"", "\"last_affected\": \"2\"", "\"withdrawn\": \"x\"", "\"versions\": [\"1.0.0\"]", "\"ecosystem\": \"PyPI\"", "\"ecosystem\": \"Debian:12\"", "\"type\": \"SEMVER\"", "null", "1e999", "~", "!" },
            };
            return target;
        }

        /// <summary>
        /// The indicator reader on every format. Oracle: the set never holds more file hashes than the file summary
        /// counted (duplicates collapse), and every hash a line gave can be found again.
        /// </summary>
        public static FuzzTarget IndicatorFile()
        {
            var folder = new TempDirectory();
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "hashes.txt", "malwarebazaar.csv", "bundle.stix.json" })
            {
                seeds.Add(new FuzzSeed(name, File.ReadAllBytes(Fixture("indicators", name))));
            }

            FuzzTarget? target = null;
            target = new FuzzTarget(
                "IndicatorFile",
                seeds,
                (bytes, origin) =>
                {
                    string input = folder.Combine("input" + Path.GetExtension(origin.Name));
                    File.WriteAllBytes(input, bytes);
                    var set = new IndicatorSet();
                    IndicatorFileSummary summary = IndicatorFileReader.Read(input, set, default);
                    target!.OracleChecks++;
                    if (set.FileHashCount > summary.FileHashes || summary.IgnoredLines < 0)
                    {
                        return $"the set holds {set.FileHashCount} hashes but the summary counted {summary.FileHashes}";
                    }

                    return null;
                },
                typeof(IndicatorFileException))
            {
                Tokens = new[] { "\n", "\r\n", ",", "\"", "#", "sha256:", "md5_hash", "@", "/", "[file:hashes.'SHA-256' = '", "']", "{", "}", "\\u0000", new string('a', 32), new string('b', 40), new string('c', 64) },
                Cleanup = folder.Dispose,
            };
            return target;
        }

        /// <summary>
        /// Test-KnownBadFile on a GitHub workflow file: its commit-pinned uses: against the known-bad action commits.
        /// Oracle: every match names a line of the file and a commit the indicators list.
        /// </summary>
        public static FuzzTarget KnownBadAction()
        {
            var folder = new TempDirectory();
            var seeds = new List<FuzzSeed>
            {
                new FuzzSeed("changed-files.yml", File.ReadAllBytes(Fixture("indicators", "workflows", ".github", "workflows", "changed-files.yml"))),
                new FuzzSeed("action.yml", File.ReadAllBytes(Fixture("indicators", "workflows", "lint", "action.yml"))),
            };
            IndicatorSet set = IndicatorSet.Read(new[] { Fixture("indicators", "hashes.txt") }, (ex, path) => throw ex, null, default);
            var sweep = new KnownBadFileSweep(set);
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "KnownBadAction",
                seeds,
                (bytes, origin) =>
                {
                    string input = folder.WriteFile(".github/workflows/" + origin.Name, bytes);
                    int lines = 1 + bytes.Count(b => b == (byte)'\n');
                    foreach (KnownBadFileMatch match in sweep.Check(input, default).Matches)
                    {
                        target!.OracleChecks++;
                        if (match.Line < 1 || match.Line > lines || set.FindKnownBadAction(match.Action!, match.Hash) == null)
                        {
                            return $"a match at line {match.Line} of {lines} for {match.Action}@{match.Hash} that the indicators do not list";
                        }
                    }

                    return null;
                },
                typeof(InvalidDataException))
            {
                Tokens = new[] { "\n", "  ", "- ", "uses: ", "tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67", "@", "jobs:", "steps:", "runs:", "&a", "*a", "{", "[", "'", "\"" },
                Cleanup = folder.Dispose,
            };
            return target;
        }

        /// <summary>
        /// Every version order on arbitrary text. Oracle: a parsed version equals itself, and comparison with the
        /// reference versions is antisymmetric.
        /// </summary>
        public static FuzzTarget Versions()
        {
            VersionScheme[] schemes = { SemanticVersion.Scheme, NuGetVersionOrder.Scheme, Pep440Version.Scheme, DebianVersion.Scheme, AlpineVersion.Scheme };
            string[] references = { "0", "1.0.0", "1.0.0-rc.1", "1!2.0.post1.dev3+local.7", "2:1.2~rc1-3+deb12u1", "8.0.4", "1.2.3_rc1-r2", "2.0_p1" };
            var seeds = File.ReadAllLines(Fixture("versions", "pep440-order.txt")).Concat(File.ReadAllLines(Fixture("versions", "dpkg-version.txt")))
                .Where(l => l.Length > 0 && l[0] != '#').Take(40).Select((l, i) => new FuzzSeed("v" + i, Encoding.UTF8.GetBytes(l))).ToList();
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "Versions",
                seeds,
                (bytes, origin) =>
                {
                    string text = new UTF8Encoding(false, false).GetString(bytes);
                    foreach (VersionScheme scheme in schemes)
                    {
                        foreach (string candidate in text.Split(' ').Append(text))
                        {
                            IComparable? version = scheme.Parse(candidate);
                            if (version == null)
                            {
                                continue;
                            }

                            target!.OracleChecks++;
                            if (version.CompareTo(scheme.Parse(candidate)) != 0)
                            {
                                return $"{scheme.Name}: '{candidate}' is not equal to itself";
                            }

                            foreach (IComparable reference in references.Select(scheme.Parse).Where(r => r != null)!)
                            {
                                if (Math.Sign(version.CompareTo(reference)) != -Math.Sign(reference.CompareTo(version)))
                                {
                                    return $"{scheme.Name}: comparing '{candidate}' is not antisymmetric";
                                }
                            }
                        }
                    }

                    return null;
                })
            {
                Tokens = new[] { ".", "-", "+", "~", ":", "!", "a", "rc", "post", "dev", "0", "99999999999999999999", "v", " ", "_", "-r", "_alpha", "_p" },
            };
            return target;
        }
    }
}
