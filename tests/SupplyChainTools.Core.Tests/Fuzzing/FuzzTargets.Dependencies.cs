using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.Cargo;
using SupplyChainTools.Core.Dependencies.Docker;
using SupplyChainTools.Core.Dependencies.GitHubActions;
using SupplyChainTools.Core.Dependencies.Go;
using SupplyChainTools.Core.Dependencies.PowerShell;
using SupplyChainTools.Core.Dependencies.Reporting;
using SupplyChainTools.Core.Dependencies.Shell;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    internal static partial class FuzzTargets
    {
        /// <summary>
        /// The dependency auditors of workflows, actions, Dockerfiles, PowerShell scripts and manifests, shell
        /// scripts, go.mod and Cargo.lock, and the suppression file reader: each mutated seed is written under its own
        /// name and given to every auditor that handles it. Oracles: every finding names a rule its auditor declares
        /// and a line inside the input; a malformed file is only ever a DependencyFileFormatException.
        /// </summary>
        private static FuzzTarget DependencyFiles()
        {
            var folder = new TempDirectory();
            IDependencyFileAuditor[] auditors =
            {
                new GitHubActionsAuditor(), new DockerfileAuditor(), new PowerShellAuditor(), new PowerShellSourceAuditor(), new ShellScriptAuditor(),
                new GoModuleAuditor(), new CargoAuditor(), new CargoSourceAuditor(),
            };
            string[] relatives =
            {
                "gha/.github/workflows/ci.yml", "gha/.github/actions/local/action.yml", "docker/Dockerfile", "powershell/bootstrap.ps1",
                "powershell/Contoso.Tools/Contoso.Tools.psd1", "go/go.mod", "cargo/Cargo.lock", "scorecard/shell-download-lines.sh", "scorecard/Dockerfile-proc-subs",
            };
            var seeds = relatives.Select(relative => new FuzzSeed(relative, File.ReadAllBytes(Fixture("dependencies", relative)))).ToList();
            seeds.Add(new FuzzSeed("suppressions.yml", Encoding.UTF8.GetBytes("suppressions:\n  - ruleId: Shell/*\n    path: '**/ci.yml'\n    package: npm\n    reason: tracked\n    expires: 2030-01-01\n")));
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "DependencyFiles",
                seeds,
                (input, origin) =>
                {
                    string path = Path.Combine(folder.Path, origin.Name.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllBytes(path, input);
                    int lines = input.Count(b => b == (byte)'\n') + 1;
                    if (origin.Name == "suppressions.yml")
                    {
                        FindingSuppressions.Parse(Encoding.UTF8.GetString(input), path, CancellationToken.None);
                        return null;
                    }

                    var file = new DependencyFile(path, origin.Name);
                    foreach (IDependencyFileAuditor auditor in auditors.Where(a => a.Handles(file)))
                    {
                        foreach (DependencyFinding finding in auditor.Audit(file, new DependencyAuditOptions(), CancellationToken.None))
                        {
                            target!.OracleChecks++;
                            if (!auditor.Rules.Any(rule => rule.Id == finding.RuleId))
                            {
                                return auditor.GetType().Name + " reported the undeclared rule " + finding.RuleId;
                            }

                            if (finding.Line.HasValue && (finding.Line.Value < 1 || finding.Line.Value > lines))
                            {
                                return finding.RuleId + " at line " + finding.Line + " of a " + lines + "-line input";
                            }
                        }
                    }

                    return null;
                },
                typeof(DependencyFileFormatException))
            {
                Tokens = new[] { "\n", "\r\n", "\\\n", "  ", "- ", ": ", "&a ", "*a", "[", "{", "@{", "@(", "'", "\"", "`", "$(", "<(", "|", "&&", ";", "#", "<<EOF\n", "FROM ", "RUN ", "uses: ", "run: ", "curl ", "| bash", "=>", "[[package]]\n" },
                Cleanup = folder.Dispose,
            };
            return target;
        }
    }
}
