using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Baselines;
using static SupplyChainTools.Core.Tests.Baselines.BaselineTestData;

namespace SupplyChainTools.Core.Tests.Baselines
{
    public sealed class BaselineComparerTests
    {
        private static (List<BaselineChange> Changes, BaselineComparer Comparer) Compare(IEnumerable<BaselineEntry> reference, IEnumerable<BaselineEntry> current, bool fileIds = true)
        {
            List<BaselineEntry> left = reference.ToList();
            List<BaselineEntry> right = current.ToList();
            left.Sort(BaselineOrder.Instance);
            right.Sort(BaselineOrder.Instance);
            var comparer = new BaselineComparer("DIGEST", new[] { "SHA256" }, new[] { "/opt/app" }, fileIds);
            return (comparer.Compare(BaselineScanner.Join(left, right)).ToList(), comparer);
        }

        private static BaselineChange Single(IEnumerable<BaselineEntry> reference, IEnumerable<BaselineEntry> current)
        {
            List<BaselineChange> changes = Compare(reference, current).Changes;
            return Assert.Single(changes);
        }

        private static BaselineEntry With(BaselineEntry entry, Action<BaselineEntry> change)
        {
            change(entry);
            return entry;
        }

        [Fact]
        public void NothingChangedIsClean()
        {
            var (changes, comparer) = Compare(new[] { File("a.dll", "a", signer: Signed()), Directory("d") }, new[] { File("a.dll", "a", signer: Signed()), Directory("d") });
            Assert.Empty(changes);
            Assert.Equal(0, comparer.ExitCode);
            Assert.Equal(2, comparer.EntriesCompared);
        }

        [Fact]
        public void SignatureRemovedBrokenAndSignerChangedAreCritical()
        {
            BaselineChange removed = Single(new[] { File("a.dll", "a", signer: Signed()) }, new[] { File("a.dll", "b", signer: Unsigned()) });
            Assert.Equal("SignatureRemoved", removed.Change);
            Assert.Equal("Critical", removed.Severity);

            BaselineChange broken = Single(new[] { File("a.dll", "a", signer: Signed()) }, new[] { File("a.dll", "b", signer: Signed("HashMismatch")) });
            Assert.Equal("SignatureBroken", broken.Change);
            Assert.Equal("HashMismatch", broken.NewSignatureStatus);

            BaselineChange other = Single(new[] { File("a.dll", "a", signer: Signed()) }, new[] { File("a.dll", "b", signer: Signed(thumbprint: OtherThumbprint, subject: "CN=Other")) });
            Assert.Equal("SignerChanged", other.Change);
            Assert.Equal(OtherThumbprint, other.NewSignerThumbprint);

            BaselineChange untrusted = Single(new[] { File("a.dll", "a", signer: Signed()) }, new[] { File("a.dll", "b", signer: Signed("NotTrusted", OtherThumbprint, "CN=Test CA signer")) });
            Assert.Equal("SignerChanged", untrusted.Change);

            BaselineChange revokedSame = Single(new[] { File("a.dll", "a", signer: Signed()) }, new[] { File("a.dll", "b", signer: Signed("Revoked")) });
            Assert.Equal("SignatureBroken", revokedSame.Change);

            BaselineChange textReplacement = Single(new[] { File("a.dll", "a", signer: Signed()) }, new[] { File("a.dll", "not a PE at all") });
            Assert.Equal("SignatureRemoved", textReplacement.Change);
        }

        [Fact]
        public void SameSignerUpdatesAreInfoUnlessTheVersionWentDown()
        {
            BaselineChange update = Single(new[] { File("a.dll", "a", signer: Signed(), version: "8.0.1.0") }, new[] { File("a.dll", "b", signer: Signed(), version: "8.0.2.0") });
            Assert.Equal("UpdatedSameSigner", update.Change);
            Assert.Equal("Info", update.Severity);
            Assert.Equal("8.0.1.0", update.OldVersion);
            Assert.Equal("8.0.2.0", update.NewVersion);

            BaselineChange down = Single(new[] { File("a.dll", "a", signer: Signed(), version: "8.0.10.0") }, new[] { File("a.dll", "b", signer: Signed(), version: "8.0.9.0") });
            Assert.Equal("Downgraded", down.Change);
            Assert.Equal("High", down.Severity);
        }

        [Fact]
        public void UnsignedContentChangesAreContentChanged()
        {
            BaselineChange change = Single(new[] { File("a.txt", "a") }, new[] { File("a.txt", "bb") });
            Assert.Equal("ContentChanged", change.Change);
            Assert.Equal(1, change.OldSize);
            Assert.Equal(2, change.NewSize);
            Assert.NotEqual(change.OldHash, change.NewHash);

            BaselineChange wasTamperedSignature = Single(new[] { File("a.dll", "a", signer: Signed("NotTrusted", OtherThumbprint)) }, new[] { File("a.dll", "b", signer: Signed("HashMismatch", OtherThumbprint)) });
            Assert.Equal("SignatureBroken", wasTamperedSignature.Change);
        }

        [Fact]
        public void AddedUnsignedExecutablesAmongSignedFilesAreCritical()
        {
            BaselineEntry[] before = { File("lib/a.dll", "a", signer: Signed()), File("tools/x.sh", "x") };
            BaselineEntry[] after =
            {
                File("lib/a.dll", "a", signer: Signed()),
                File("lib/evil.dll", "evil", signer: Unsigned()),
                File("lib/readme.txt", "text"),
                File("tools/x.sh", "x"),
                File("tools/y.dll", "y", signer: Unsigned()),
                File("lib/run", "run", mode: 0x1ED),
            };
            var (changes, comparer) = Compare(before, after);
            Assert.Equal(
                new[] { "lib/evil.dll=UnsignedAdded", "lib/readme.txt=Added", "lib/run=UnsignedAdded", "tools/y.dll=Added" },
                changes.Select(c => c.RelativePath + "=" + c.Change).OrderBy(s => s, StringComparer.Ordinal));
            Assert.Equal(BaselineChangeKind.ExitAdded | BaselineChangeKind.ExitCritical, comparer.ExitCode);
        }

        [Fact]
        public void ARenameIsOneMovedFinding()
        {
            var (changes, comparer) = Compare(
                new[] { File("a/old.dll", "same", signer: Signed()), File("a/gone.txt", "gone") },
                new[] { File("b/new.dll", "same", signer: Signed()), File("a/new.txt", "different") });
            Assert.Equal(new[] { "a/gone.txt=Removed", "a/new.txt=Added", "b/new.dll=Moved" }, changes.Select(c => c.RelativePath + "=" + c.Change));
            BaselineChange moved = changes.Single(c => c.Change == "Moved");
            Assert.Equal("a/old.dll", moved.OldPath);
            Assert.Equal("Info", moved.Severity);
            Assert.Equal(1 | 2 | 4, comparer.ExitCode);
        }

        [Fact]
        public void ModeOwnerTypeAndMetadataChanges()
        {
            Assert.Equal("BecameExecutable", Single(new[] { File("a", "a") }, new[] { File("a", "a", mode: 0x1ED) }).Change);
            Assert.Equal("PermissionsChanged", Single(new[] { File("a", "a", mode: 0x1ED) }, new[] { File("a", "a", mode: 0x1A4) }).Change);
            List<BaselineChange> setuid = Compare(new[] { File("a", "a") }, new[] { File("a", "a", mode: 0x9ED) }).Changes;
            Assert.Equal(new[] { "BecameExecutable", "PermissionsChanged" }, setuid.Select(c => c.Change));

            BaselineChange owner = Single(new[] { File("a", "a") }, new[] { With(File("a", "a"), e => e.OwnerId = 1000) });
            Assert.Equal("OwnerChanged", owner.Change);
            Assert.Equal("0:0", owner.OldOwner);
            Assert.Equal("1000:0", owner.NewOwner);

            var link = new BaselineEntry(0, "a", BaselineEntryType.SymbolicLink) { LinkTarget = "b" };
            Assert.Equal("TypeChanged", Single(new[] { File("a", "a") }, new[] { link }).Change);

            BaselineChange touched = Single(new[] { File("a", "a") }, new[] { With(File("a", "a"), e => e.LastWriteTimeUtc = DateTime.UnixEpoch) });
            Assert.Equal("MetadataChanged", touched.Change);
            Assert.Equal("Info", touched.Severity);

            // Across machines file ids and ctime always differ: not compared.
            Assert.Empty(Compare(new[] { File("a", "a") }, new[] { With(File("a", "a"), e => { e.Inode = 99; e.ChangeTimeUtc = DateTime.UnixEpoch; }) }, fileIds: false).Changes);
            Assert.Equal("MetadataChanged", Single(new[] { File("a", "a") }, new[] { With(File("a", "a"), e => e.Inode = 99) }).Change);

            // A folder's times change whenever its entries do; only its mode and owner are compared.
            Assert.Empty(Compare(new[] { Directory("d") }, new[] { With(Directory("d"), e => e.LastWriteTimeUtc = DateTime.UtcNow) }).Changes);
        }

        [Fact]
        public void UnreadableNowIsReportedNotHidden()
        {
            BaselineChange change = Single(new[] { File("a", "a") }, new[] { With(File("a", "a"), e => { e.Hashes.Clear(); e.Error = "It could not be read: denied."; }) });
            Assert.Equal("Unreadable", change.Change);
            Assert.Equal("High", change.Severity);
        }

        [Fact]
        public void EveryKindHasASeverityAndExitBits()
        {
            foreach (string kind in BaselineChangeKind.All)
            {
                string severity = BaselineChangeKind.SeverityOf(kind);
                int bits = BaselineChangeKind.ExitBitsOf(kind);
                Assert.Equal(severity == "Critical", (bits & 8) != 0);
                if (kind == BaselineChangeKind.MetadataChanged)
                {
                    // Only times or the file id: reported, never drift (every copy of a golden image differs there).
                    Assert.Equal(0, bits);
                }
                else
                {
                    Assert.True((bits & 7) != 0, kind);
                }
            }

            Assert.Equal(1 | 8, BaselineChangeKind.ExitBitsOf("UnsignedAdded"));
            Assert.Equal(2, BaselineChangeKind.ExitBitsOf("Removed"));
        }

        [Fact]
        public void SummaryCountsEachKind()
        {
            var (_, comparer) = Compare(
                new[] { File("a.dll", "a", signer: Signed()), File("b.txt", "b") },
                new[] { File("a.dll", "z", signer: Unsigned()), File("c.txt", "c") });
            var verification = new BaselineVerification("/x.scbl", Header(), "DIGEST", 2, null, null);
            BaselineComparisonSummary summary = comparer.CreateSummary(verification, new[] { "/opt/app" }, null, quick: false, TimeSpan.FromSeconds(1));
            Assert.Equal(1, summary.SignatureRemoved);
            Assert.Equal(1, summary.Added);
            Assert.Equal(1, summary.Removed);
            Assert.Equal(3, summary.TotalChanges);
            Assert.Equal(1, summary.Critical);
            Assert.Equal(1 | 2 | 4 | 8, summary.ExitCode);
            Assert.Equal(16, BaselineComparer.CreateUntrustedSummary("/x", "refused", Array.Empty<string>(), false, TimeSpan.Zero).ExitCode);
        }
    }
}
