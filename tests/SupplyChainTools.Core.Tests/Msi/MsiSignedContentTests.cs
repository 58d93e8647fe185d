using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Msi;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Msi
{
    public sealed class MsiSignedContentTests
    {
        private static readonly byte[] Clsid = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();

        [Fact]
        public void DigestCoversStreamsInNameOrderThenStoragesThenTheRootClsid()
        {
            byte[] a = CompoundFileTests.Pattern(50, 1), ab = CompoundFileTests.Pattern(5000, 2), u100 = CompoundFileTests.Pattern(7, 3), inner = CompoundFileTests.Pattern(9, 4);
            byte[] file = new CompoundFileBuilder { RootClsid = Clsid }
                .AddStream("AB", ab)
                .AddStream("\u0005DigitalSignature", new byte[] { 0x30, 0x00 })
                .AddStream("A", a)
                .AddStorage("S", ("x", inner))
                .AddStream("\u0100", u100)
                .Build();
            var content = new MsiSignedContent(CompoundFileTests.Open(file));

            // Order: U+0100 (00 01), A (41 00), AB (41 00 42 00), then storage S (53 00) with its own (zero) CLSID, then the root's CLSID.
            byte[] expected = SHA256.HashData(u100.Concat(a).Concat(ab).Concat(inner).Concat(new byte[16]).Concat(Clsid).ToArray());
            Assert.Equal(expected, content.ComputeDigest(HashAlgorithmName.SHA256));
            Assert.NotNull(content.SignatureEntry);
            Assert.Null(content.PreHashEntry);
        }

        [Fact]
        public void SignatureStreamsAreLeftOutOnlyAtTheRoot()
        {
            byte[] inner = CompoundFileTests.Pattern(9, 5);
            byte[] file = new CompoundFileBuilder().AddStorage("S", ("\u0005DigitalSignature", inner)).Build();
            var content = new MsiSignedContent(CompoundFileTests.Open(file));
            Assert.Null(content.SignatureEntry);
            Assert.Equal(SHA256.HashData(inner.Concat(new byte[32]).ToArray()), content.ComputeDigest(HashAlgorithmName.SHA256));
        }

        [Fact]
        public void PreHashCoversTheDirectoryMetadataAndLeadsTheDigest()
        {
            byte[] a = CompoundFileTests.Pattern(50, 6);
            byte[] file = new CompoundFileBuilder { RootClsid = Clsid }
                .AddStream("A", a)
                .AddStream("\u0005MsiDigitalSignatureEx", new byte[32])
                .Build();
            CompoundFile compound = CompoundFileTests.Open(file);
            var content = new MsiSignedContent(compound);
            CompoundFileEntry stream = compound.Root.Children.Single(child => child.Name == "A");

            // Root: CLSID and state bits; stream: name, the low 32 bits of its size, state bits, creation and modification times.
            byte[] metadata = Clsid.Concat(new byte[4])
                .Concat(stream.NameBytes).Concat(BitConverter.GetBytes(50u)).Concat(new byte[4]).Concat(stream.RawField(100, 16))
                .ToArray();
            byte[] preHash = SHA256.HashData(metadata);
            Assert.Equal(preHash, content.ComputePreHash(HashAlgorithmName.SHA256));
            Assert.Equal(SHA256.HashData(preHash.Concat(a).Concat(Clsid).ToArray()), content.ComputeDigest(HashAlgorithmName.SHA256));
        }

        [Fact]
        public void TheCorpusSignatureIsFoundAndNothingIsAppended()
        {
            var content = new MsiSignedContent(CompoundFileTests.Open(File.ReadAllBytes(InstallerCorpusTests.Fixture("nested.msi"))));
            byte[] pkcs7 = content.ReadSignature()!;
            Assert.Equal(0x30, pkcs7[0]);
            Assert.Equal(0, content.UncoveredTrailingBytes);
        }
    }
}
