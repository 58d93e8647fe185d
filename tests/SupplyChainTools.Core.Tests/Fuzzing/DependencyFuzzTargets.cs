using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>
    /// The dependency audits' parsers (MSBuild XML, nuget.config, NuGet and npm lock files, package.json, .npmrc,
    /// requirements files, pip.conf): each mutant is written under its seed's file name and given to every auditor
    /// that handles that name. Only <see cref="DependencyFileFormatException"/> may escape; oracles: every finding
    /// names a rule its auditor declares, and a line that exists in the file it names.
    /// </summary>
    internal static class DependencyFuzzTargets
    {
        private static readonly string[] Fixtures =
        {
            "nuget/Directory.Packages.props", "nuget/App/App.csproj", "nuget/Lib/Lib.csproj", "nuget/App/packages.lock.json",
            "nuget/nuget.config", "nuget/insecure/NuGet.Config", "nuget/Legacy/packages.config",
            "npm/package.json", "npm/package-lock.json", "npm/legacy-v1/package-lock.json",
            "python/requirements.txt", "python/requirements-locked.txt", "python-locks/uv.lock", "python-locks/poetry.lock",
        };

        public static FuzzTarget PackageManagerFiles()
        {
            var folder = new TempDirectory();
            var seeds = Fixtures
                .Select(relative => new FuzzSeed(Path.GetFileName(relative), File.ReadAllBytes(Path.Combine(new[] { AppContext.BaseDirectory, "fixtures", "dependencies" }.Concat(relative.Split('/')).ToArray()))))
                .ToList();
            seeds.Add(new FuzzSeed(".npmrc", Encoding.UTF8.GetBytes("registry=http://r.example.invalid/\n@contoso:registry=https://c.example.invalid/\nstrict-ssl=false\n")));
            seeds.Add(new FuzzSeed("pip.conf", Encoding.UTF8.GetBytes("[global]\nindex-url = https://i.example.invalid/simple\nextra-index-url =\n    http://x.example.invalid/simple\ntrusted-host = x.example.invalid\n")));
            var options = new DependencyAuditOptions
            {
                InternalPackagePatterns = new[] { "Contoso.*", "@scope/*" },
                AllowedSources = new[] { "https://pkgs.example.invalid/" },
                GlobalPackagesFolder = folder.Combine("gpf"),
            };
            Directory.CreateDirectory(options.GlobalPackagesFolder);

            FuzzTarget? target = null;
            target = new FuzzTarget(
                "PackageManagerFiles",
                seeds,
                (input, origin) =>
                {
                    string path = Path.Combine(folder.Path, origin.Name);
                    File.WriteAllBytes(path, input);
                    var file = new DependencyFile(path, origin.Name);
                    int lines = input.Count(b => b == (byte)'\n') + 1;
                    foreach (IDependencyFileAuditor auditor in DependencyAuditors.CreateAll().Where(a => a.Handles(file)))
                    {
                        var declared = new HashSet<string>(auditor.Rules.Select(r => r.Id), StringComparer.Ordinal);
                        foreach (DependencyFinding finding in auditor.Audit(file, options, CancellationToken.None))
                        {
                            target!.OracleChecks++;
                            if (!declared.Contains(finding.RuleId))
                            {
                                return auditor.GetType().Name + " reported the undeclared rule " + finding.RuleId;
                            }

                            // A project's findings may name its lock file, which an earlier mutant wrote beside it.
                            if (finding.File == path && finding.Line.HasValue && (finding.Line.Value < 1 || finding.Line.Value > lines))
                            {
                                return finding.RuleId + " named line " + finding.Line.Value + " of a file with " + lines;
                            }
                        }
                    }

                    return null;
                },
                typeof(DependencyFileFormatException))
            {
                Tokens = new[] { "\n", "\"", "{", "}", "[", "]", ",", ":", "<", "/>", "</", "*", "^", "~", "==", "@", "#", "\\\n", "http://", "git+", "node_modules/", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "$(", "--hash=", "=" },
                Cleanup = folder.Dispose,
            };
            return target;
        }
    }
}
