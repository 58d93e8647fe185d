using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Catalogs;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>
    /// A catalog vouches for a PE by its image hash, which leaves out the certificate table. Only a well-formed table
    /// at the end of the file, outside every section's raw data, may be left out: a directory entry pointed at code
    /// must not hide that code from the hash.
    /// </summary>
    public sealed class CatalogMemberTamperingTests : IDisposable
    {
        private readonly PowerShellStyleCatalog identity = PowerShellStyleCatalog.CreateSigningIdentity();
        private readonly TempFolder folder = new TempFolder();

        public void Dispose()
        {
            folder.Dispose();
            identity.Dispose();
        }

        [Fact]
        public void BytesInsertedIntoTextAndCoveredByTheCertificateDirectoryAreNotValid()
        {
            byte[] original = File.ReadAllBytes(Path.Combine(CatalogFileTests.CatalogsDirectory, "unsigned.exe"));
            CatalogVerifier catalog = WriteCatalog(("app.exe", original));
            Assert.Equal(AuthenticodeStatus.Valid, VerifyMember("app.exe", original, catalog).Status);

            byte[] tampered = InsertCoveredBytes(original, SectionsOf(original).First(section => section.Name == ".text").PointerToRawData, 8);
            AuthenticodeSignature result = VerifyMember("app.exe", tampered, catalog);

            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("certificate table", result.StatusMessage, StringComparison.Ordinal);
            CatalogFileCheck check = CatalogFolderCheck.Compare(folder.Path, catalog).Files.Single(file => file.RelativePath == "app.exe");
            Assert.Equal(CatalogFileStatus.HashMismatch, check.Status);
        }

        [Fact]
        public void BytesChangedInsideAnySectionAreNeverValid()
        {
            // Oracle over a real signed DLL and its unsigned form, both listed: 1,500 mutations from a fixed seed.
            string dll = AuthenticodeTestEnvironment.RuntimeDlls()
                .Select(path => new FileInfo(path))
                .Where(file => file.Length > 16 * 1024 && file.Length < 128 * 1024 && PeTestFile.Load(file.FullName).TableSize > 0)
                .OrderBy(file => file.Length)
                .Select(file => file.FullName)
                .First();
            byte[] signed = File.ReadAllBytes(dll);
            byte[] unsigned = new PeTestFile(signed).Unsigned();
            CatalogVerifier catalog = WriteCatalog(("signed.dll", signed), ("unsigned.dll", unsigned));
            Assert.Equal(AuthenticodeStatus.Valid, VerifyMember("signed.dll", signed, catalog).Status);
            Assert.Equal(AuthenticodeStatus.Valid, VerifyMember("unsigned.dll", unsigned, catalog).Status);

            var random = new Random(20260902);
            var accepted = new List<string>();
            for (int i = 0; i < 1500; i++)
            {
                bool useSigned = random.Next(2) == 0;
                byte[] source = useSigned ? signed : unsigned;
                SectionHeader[] sections = SectionsOf(source).Where(section => section.SizeOfRawData > 64).ToArray();
                SectionHeader section = sections[random.Next(sections.Length)];
                int offset = section.PointerToRawData + random.Next(section.SizeOfRawData - 64);
                int length = 8 * (1 + random.Next(4));
                int kind = random.Next(3);
                byte[] mutated = kind switch
                {
                    0 => Flip(source, offset, length, random, coverWithDirectory: false),
                    1 => Flip(source, offset, length, random, coverWithDirectory: true),
                    _ => InsertCoveredBytes(source, offset, length),
                };
                string status = VerifyMember(useSigned ? "signed.dll" : "unsigned.dll", mutated, catalog).Status;
                if (status == AuthenticodeStatus.Valid)
                {
                    accepted.Add("kind " + kind + " at " + offset + " (+" + length + ") in " + section.Name + (useSigned ? " of the signed DLL" : " of the unsigned DLL"));
                }
            }

            Assert.True(accepted.Count == 0, "Changed section bytes accepted as Valid: " + string.Join("; ", accepted.Take(5)));
        }

        private CatalogVerifier WriteCatalog(params (string Name, byte[] Bytes)[] files)
        {
            foreach ((string name, byte[] bytes) in files)
            {
                File.WriteAllBytes(Path.Combine(folder.Path, name), bytes);
            }

            string catalogPath = Path.Combine(folder.Path, "members.cat");
            File.WriteAllBytes(catalogPath, identity.Build(files.Select(file => new KeyValuePair<string, byte[]>(file.Name, file.Bytes))));
            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions
            {
                CodeSigningRoots = new X509Certificate2Collection { identity.Root },
                TimestampRoots = new X509Certificate2Collection { identity.Root },
            });
            return new CatalogVerifier(verifier, catalogPath);
        }

        private AuthenticodeSignature VerifyMember(string name, byte[] content, CatalogVerifier catalog)
        {
            string path = Path.Combine(folder.Path, name);
            File.WriteAllBytes(path, content);
            return catalog.VerifyMember(path, null, default);
        }

        private static SectionHeader[] SectionsOf(byte[] image)
        {
            using (var stream = new MemoryStream(image, writable: false))
            {
                return new PEHeaders(stream).SectionHeaders.ToArray();
            }
        }

        /// <summary>
        /// Inserts <paramref name="count"/> bytes (int3) at <paramref name="offset"/>, points the certificate directory at
        /// exactly them and pads the end, so that the bytes left once they are cut out are the original's, padded as an
        /// unsigned file is hashed. The section headers are unchanged: the loader maps the new bytes as code.
        /// </summary>
        private static byte[] InsertCoveredBytes(byte[] original, int offset, int count)
        {
            var test = new PeTestFile(original);
            bool originalSigned = test.TableSize > 0;
            int padding = originalSigned ? 0 : (8 - (original.Length % 8)) % 8;
            var result = new byte[original.Length + count + padding];
            Array.Copy(original, result, offset);
            for (int i = 0; i < count; i++)
            {
                result[offset + i] = 0xCC;
            }

            Array.Copy(original, offset, result, offset + count, original.Length - offset);
            BitConverter.GetBytes(offset).CopyTo(result, test.CertificateDirectoryEntryOffset);
            BitConverter.GetBytes(count).CopyTo(result, test.CertificateDirectoryEntryOffset + 4);
            return result;
        }

        private static byte[] Flip(byte[] original, int offset, int length, Random random, bool coverWithDirectory)
        {
            byte[] result = (byte[])original.Clone();
            for (int i = 0; i < length; i++)
            {
                result[offset + i] ^= (byte)(1 + random.Next(255));
            }

            if (coverWithDirectory)
            {
                int directory = new PeTestFile(original).CertificateDirectoryEntryOffset;
                BitConverter.GetBytes(offset).CopyTo(result, directory);
                BitConverter.GetBytes(length).CopyTo(result, directory + 4);
            }

            return result;
        }
    }
}
