using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Inventory;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>
    /// Every package evidence reader of the inventory (deps.json, .nupkg.metadata, lock files, package.json, METADATA,
    /// module manifests, dpkg status, apk installed), each seed written where its reader looks for it. Run itself never
    /// throws for bad evidence: oracles are that every failure is one InventoryEvidenceException naming the file, and
    /// every component has a name and its evidence path.
    /// </summary>
    internal static class InventoryFuzzTarget
    {
        private static readonly (string Seed, string Placed)[] Seeds =
        {
            ("tree/app/Contoso.App.deps.json", "app/Contoso.App.deps.json"),
            ("tree/app/packages.lock.json", "app/packages.lock.json"),
            ("tree/nuget-packages/xunit/2.9.3/.nupkg.metadata", "nuget/xunit/2.9.3/.nupkg.metadata"),
            ("tree/npm-project/package-lock.json", "npm/package-lock.json"),
            ("tree/npm-project/node_modules/@babel/core/package.json", "npm/node_modules/@babel/core/package.json"),
            ("tree/python/lib/python3.11/site-packages/Requests-2.31.0.dist-info/METADATA", "site/Requests-2.31.0.dist-info/METADATA"),
            ("tree/powershell/Modules/Contoso.Tools/1.2.0/Contoso.Tools.psd1", "Modules/Contoso.Tools/Contoso.Tools.psd1"),
            ("tree/debian-root/var/lib/dpkg/status", "root/var/lib/dpkg/status"),
            ("tree/alpine-root/lib/apk/db/installed", "root/lib/apk/db/installed"),
        };

        public static FuzzTarget Create()
        {
            var folder = new TempDirectory();
            var placed = new Dictionary<string, string>(StringComparer.Ordinal);
            var seeds = new List<FuzzSeed>();
            foreach ((string seed, string place) in Seeds)
            {
                string path = folder.Combine(place);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                placed[seed] = path;
                seeds.Add(new FuzzSeed(seed, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "inventory", seed))));
            }

            FuzzTarget? target = null;
            target = new FuzzTarget(
                "InventoryEvidence",
                seeds,
                (input, origin) =>
                {
                    string path = placed[origin.Name];
                    File.WriteAllBytes(path, input);
                    var options = new InventoryOptions { VerifyFiles = true, DegreeOfParallelism = 1 };
                    foreach (InventoryOutcome outcome in SoftwareInventory.Run(new[] { path }, options, null, null, CancellationToken.None))
                    {
                        target!.OracleChecks++;
                        if (outcome.Error != null && !(outcome.Error is InventoryEvidenceException))
                        {
                            return "an evidence file failed with " + outcome.Error.GetType().Name + ": " + outcome.Error.Message;
                        }

                        if (outcome.Component != null && (outcome.Component.Name.Length == 0 && outcome.Component.Ecosystem != SoftwareEcosystem.Npm || outcome.Component.Evidence.Length == 0))
                        {
                            return "a component without a name or evidence";
                        }
                    }

                    return null;
                })
            {
                Tokens = new[] { "\n", "\r\n", "{", "}", "[", "]", "\"", ":", ",", "@{", "@(", "@'\n", "'@", "$(", "#", "<#", "#>", "Package: ", "Version: ", "P:", "V:", "Z:Q1", "\0", "/", "node_modules/" },
                Cleanup = folder.Dispose,
            };
            return target;
        }
    }
}
