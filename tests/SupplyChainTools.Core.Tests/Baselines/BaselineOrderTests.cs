using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineOrderTests : IDisposable
    {
        private readonly TempDirectory _temp = new TempDirectory();

        public void Dispose() => _temp.Dispose();

        private static int Sign(string x, bool dx, string y, bool dy) => Math.Sign(BaselineOrder.Compare(0, x, dx, 0, y, dy));

        [Theory]
        [InlineData("b.txt", false, "a", true)]          // a folder's files come before its subfolders
        [InlineData("a", true, "a/x", false)]           // a folder's entry comes right before its contents
        [InlineData("a/x", false, "a b/x", false)]      // component-wise: "a" < "a b", though ' ' < '/'
        [InlineData("a/z.txt", false, "a/b/c", false)]  // inside a: the file first
        [InlineData("a", false, "a", true)]             // a file and a folder of the same name: the file first
        [InlineData("B", false, "a", false)]            // ordinal, not culture: 'B' (0x42) < 'a' (0x61)
        [InlineData("a/b", true, "a/b/c/d", false)]
        [InlineData("x/a/z", false, "x/b", true)]
        public void OrdersAsTheWalkDoes(string first, bool firstIsDirectory, string second, bool secondIsDirectory)
        {
            Assert.Equal(-1, Sign(first, firstIsDirectory, second, secondIsDirectory));
            Assert.Equal(1, Sign(second, secondIsDirectory, first, firstIsDirectory));
        }

        [Fact]
        public void EqualOnlyForTheSamePathAndKindAndTreeComesFirst()
        {
            Assert.Equal(0, Sign("a/b", false, "a/b", false));
            Assert.Equal(-1, Math.Sign(BaselineOrder.Compare(0, "z", false, 1, "a", false)));
        }

        [Fact]
        public void IsATotalOrderOnRandomPaths()
        {
            var random = new Random(7);
            string[] parts = { "a", "b", "a b", "A", "a.b", "_", "z", "\u00e9" };
            var entries = Enumerable.Range(0, 400)
                .Select(_ => string.Join("/", Enumerable.Range(0, random.Next(1, 4)).Select(_ => parts[random.Next(parts.Length)])))
                .Distinct()
                .Select(p => new BaselineEntry(0, p, random.Next(3) == 0 ? BaselineEntryType.Directory : BaselineEntryType.File))
                .GroupBy(e => e.Path).Select(g => g.First())
                .ToList();
            entries.Sort(BaselineOrder.Instance);
            for (int i = 0; i < entries.Count; i++)
            {
                for (int j = i + 1; j < entries.Count; j++)
                {
                    Assert.True(BaselineOrder.Instance.Compare(entries[i], entries[j]) < 0, $"{entries[i].Path} vs {entries[j].Path}");
                }
            }
        }

        [Fact]
        public void FileWalkerAndTheBaselineScanAgreeWithTheCanonicalOrder()
        {
            string root = _temp.Combine("tree");
            foreach (string file in new[] { "c/m.txt", "b.txt", "a/z.txt", "Z.txt", "a/deep/k.txt", "_x.txt", "a/y.txt", "a.txt", "a b/q.txt", "a.b/r.txt", "a/deep/deeper/j.txt", "a-c/s.txt" })
            {
                _temp.WriteFile("tree/" + file, file);
            }

            List<string> walked = FileWalker.Walk(root, new FileWalkOptions { Recurse = true })
                .Where(e => e.Kind == WalkEntryKind.File)
                .Select(e => Path.GetRelativePath(root, e.Path).Replace(Path.DirectorySeparatorChar, '/'))
                .ToList();
            List<BaselineEntry> scanned = BaselineScanner.Scan(new[] { root }, new BaselineScanOptions { DegreeOfParallelism = 2 }, null, CancellationToken.None)
                .Select(p => p.Current!)
                .ToList();

            Assert.Equal(walked, scanned.Where(e => e.IsFile).Select(e => e.Path).ToList());
            List<BaselineEntry> sorted = scanned.ToList();
            sorted.Sort(BaselineOrder.Instance);
            Assert.Equal(sorted.Select(e => e.Path), scanned.Select(e => e.Path));
            Assert.Equal(new[] { "Z.txt", "_x.txt", "a.txt", "b.txt", "a", "a/y.txt", "a/z.txt", "a/deep", "a/deep/k.txt" }, scanned.Take(9).Select(e => e.Path));
        }
    }
}
