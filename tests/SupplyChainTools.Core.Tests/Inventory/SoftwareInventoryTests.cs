using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Inventory;

namespace SupplyChainTools.Core.Tests.Inventory
{
    /// <summary>The inventory's contract: one outcome per bad evidence file, the rest still read; bounded inputs; cancellation.</summary>
    public sealed class SoftwareInventoryTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "sct-inv-" + Guid.NewGuid().ToString("N"));

        public SoftwareInventoryTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        private static List<InventoryOutcome> Run(string root, InventoryOptions? options = null, CancellationToken token = default) =>
            SoftwareInventory.Run(new[] { root }, options ?? new InventoryOptions(), null, null, token).ToList();

        private string Write(string relative, string text)
        {
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        [Fact]
        public void MalformedEvidenceIsOneErrorEachAndTheRestIsRead()
        {
            string fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "inventory", "malformed");
            List<InventoryOutcome> outcomes = Run(fixtures);
            Assert.Equal(new[] { "Good" }, outcomes.Where(o => o.Component != null).Select(o => o.Component!.Name));
            Assert.Equal(3, outcomes.Count(o => o.Error is InventoryEvidenceException));
        }

        [Fact]
        public void AMetadataAbove64MegabytesIsRefusedUnread()
        {
            string big = Path.Combine(folder, "huge-1.0.dist-info", "METADATA");
            Directory.CreateDirectory(Path.GetDirectoryName(big)!);
            using (FileStream stream = File.Create(big))
            {
                stream.SetLength(100L * 1024 * 1024);
            }

            Write("small-2.0.dist-info/METADATA", "Name: small\nVersion: 2.0\n");
            List<InventoryOutcome> outcomes = Run(folder);
            Assert.IsType<InputFileTooLargeException>(Assert.Single(outcomes, o => o.Error != null).Error);
            Assert.Equal("small", Assert.Single(outcomes, o => o.Component != null).Component!.Name);
        }

        [Fact]
        public void ADepsJsonWhoseRuntimePackDisagreesWithItsFolderIsRefused()
        {
            Write("shared/Microsoft.NETCore.App/8.0.1/Microsoft.NETCore.App.deps.json",
                "{\"libraries\":{\"Microsoft.NETCore.App.Runtime.linux-x64/8.0.7\":{\"type\":\"package\"}}}");
            InventoryOutcome outcome = Assert.Single(Run(folder));
            Assert.Contains("8.0.1", Assert.IsType<InventoryEvidenceException>(outcome.Error).Message);
        }

        [Fact]
        public void NpmLockfileVersion1NestsDependencies()
        {
            Write("app/package-lock.json", "{\"lockfileVersion\":1,\"dependencies\":{\"a\":{\"version\":\"1.0.0\",\"dependencies\":{\"b\":{\"version\":\"2.0.0\"}}}}}");
            List<SoftwareComponent> found = Run(folder).Select(o => o.Component!).ToList();
            Assert.Equal(new[] { "a 1.0.0", "b 2.0.0" }, found.Select(c => c.Name + " " + c.Version));
            Assert.EndsWith(Path.Combine("node_modules", "a", "node_modules", "b"), found[1].Location);
        }

        [Fact]
        public void AnNpmPackageInTheLockAndInNodeModulesIsOneRecordFromTheLock()
        {
            Write("app/node_modules/a/package.json", "{\"name\":\"a\",\"version\":\"1.0.0\"}");
            Write("app/node_modules/b/package.json", "{\"name\":\"b\",\"version\":\"2.1.0\"}");
            Write("app/node_modules/.package-lock.json", "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a\":{\"version\":\"1.0.0\",\"resolved\":\"https://registry.npmjs.org/a/-/a-1.0.0.tgz\"}}}");
            Write("app/package-lock.json", "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a\":{\"version\":\"1.0.0\",\"resolved\":\"https://registry.npmjs.org/a/-/a-1.0.0.tgz\"},\"node_modules/b\":{\"version\":\"2.0.0\"}}}");
            List<SoftwareComponent> found = Run(folder).Select(o => o.Component!).ToList();
            SoftwareComponent a = Assert.Single(found, c => c.Name == "a");
            Assert.Equal(EvidenceKind.NpmLockFile, a.EvidenceKind);
            Assert.Equal("https://registry.npmjs.org/a/-/a-1.0.0.tgz", a.Source);
            Assert.Equal(new[] { "2.0.0 package-lock.json", "2.1.0 package.json" }, found.Where(c => c.Name == "b").Select(c => c.Version + " " + c.EvidenceKind).OrderBy(s => s));
        }

        [Fact]
        public void RecordPathsMayNotBeMalformed()
        {
            Write("site/x-1.0.dist-info/METADATA", "Name: x\nVersion: 1.0\n");
            Write("site/x-1.0.dist-info/RECORD", "x/__init__.py,md5=nothex,3\n");
            List<InventoryOutcome> outcomes = Run(Path.Combine(folder, "site"), new InventoryOptions { VerifyFiles = true });
            Assert.NotNull(Assert.Single(outcomes, o => o.Component != null).Component);
            InventoryEvidenceException error = Assert.IsType<InventoryEvidenceException>(Assert.Single(outcomes, o => o.Error != null).Error);
            Assert.Equal(1, error.Line);
        }

        [Fact]
        public void StopsWhenCancelled()
        {
            for (int i = 0; i < 20; i++)
            {
                Write($"p{i}/node_modules/m{i}/package.json", "{\"name\":\"m" + i + "\",\"version\":\"1.0.0\"}");
            }

            using var cancel = new CancellationTokenSource();
            IEnumerator<InventoryOutcome> run = SoftwareInventory.Run(new[] { folder }, new InventoryOptions(), null, null, cancel.Token).GetEnumerator();
            Assert.True(run.MoveNext());
            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => { while (run.MoveNext()) { } });
        }
    }
}
