using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>
    /// Builds a catalog shaped like the ones PowerShell's New-FileCatalog writes (catalog version 2): a CTL with SHA256
    /// members, each with an SpcIndirectDataContent carrying the file's catalog hash and a CAT_NAMEVALUE "File" holding
    /// its relative path with Windows separators; signed with SignedCms by a code-signing test certificate.
    /// </summary>
    internal sealed class PowerShellStyleCatalog : IDisposable
    {
        private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
        private const string CabDataOid = "1.3.6.1.4.1.311.2.1.25";
        private const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";

        private PowerShellStyleCatalog(X509Certificate2 root, X509Certificate2 signer)
        {
            Root = root;
            Signer = signer;
        }

        /// <summary>The test root: the only trusted root of a verifier that should accept the catalog.</summary>
        public X509Certificate2 Root { get; }

        /// <summary>The code-signing leaf (with its private key), issued by <see cref="Root"/>.</summary>
        public X509Certificate2 Signer { get; }

        public static PowerShellStyleCatalog CreateSigningIdentity()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using (RSA rootKey = RSA.Create(2048))
            using (RSA signerKey = RSA.Create(2048))
            {
                var rootRequest = new CertificateRequest("CN=SupplyChainTools Test Catalog Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
                rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
                X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddDays(-2), now.AddYears(2));

                var signerRequest = new CertificateRequest("CN=SupplyChainTools Test Module Publisher", signerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                signerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                signerRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                signerRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(CodeSigningEku) }, false));
                signerRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(signerRequest.PublicKey, false));
                byte[] serial = new byte[8];
                RandomNumberGenerator.Fill(serial);
                serial[0] &= 0x7F;
                using (X509Certificate2 issued = signerRequest.Create(root, now.AddDays(-1), now.AddYears(1), serial))
                {
                    return new PowerShellStyleCatalog(root, issued.CopyWithPrivateKey(signerKey));
                }
            }
        }

        /// <summary>
        /// The signed catalog listing <paramref name="files"/> (relative path with '\' separators → file bytes), each
        /// hashed the way Windows hashes catalog members (PE image hash for PE files, plain SHA256 otherwise).
        /// </summary>
        public byte[] Build(IEnumerable<KeyValuePair<string, byte[]>> files)
        {
            var ctl = new AsnWriter(AsnEncodingRules.DER);
            using (ctl.PushSequence())
            {
                using (ctl.PushSequence())
                {
                    ctl.WriteObjectIdentifier(CatalogFile.CatalogListUsageOid);
                }

                ctl.WriteOctetString(Guid.NewGuid().ToByteArray());
                ctl.WriteUtcTime(DateTimeOffset.UtcNow);
                using (ctl.PushSequence())
                {
                    ctl.WriteObjectIdentifier(CatalogFile.CatalogMemberListSha256Oid);
                    ctl.WriteNull();
                }

                using (ctl.PushSequence())
                {
                    foreach (KeyValuePair<string, byte[]> file in files)
                    {
                        byte[] digest = CatalogMemberHasher.ComputeHash(file.Value, HashAlgorithmName.SHA256);
                        WriteMember(ctl, digest, file.Key);
                    }
                }
            }

            var content = new ContentInfo(new Oid(PkcsOids.CertificateTrustList), ctl.Encode());
            var signedCms = new SignedCms(content, detached: false);
            var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Signer)
            {
                DigestAlgorithm = new Oid(Sha256Oid),
                IncludeOption = X509IncludeOption.EndCertOnly,
            };
            signedCms.ComputeSignature(cmsSigner);
            return signedCms.Encode();
        }

        public void Dispose()
        {
            Root.Dispose();
            Signer.Dispose();
        }

        /// <summary>CTL subject: identifier (the raw digest, as makecat writes SHA256 members) and attributes.</summary>
        private static void WriteMember(AsnWriter writer, byte[] digest, string relativePath)
        {
            using (writer.PushSequence())
            {
                writer.WriteOctetString(digest);
                using (writer.PushSetOf())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(CatalogFile.NameValueOid);
                        using (writer.PushSetOf())
                        using (writer.PushSequence())
                        {
                            writer.WriteCharacterString(UniversalTagNumber.BMPString, "File");
                            writer.WriteInteger(0x10010001);
                            writer.WriteOctetString(Encoding.Unicode.GetBytes(relativePath + "\0"));
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(PkcsOids.SpcIndirectDataContent);
                        using (writer.PushSetOf())
                        using (writer.PushSequence())
                        {
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(CabDataOid);
                                writer.WriteBitString(Array.Empty<byte>());
                            }

                            using (writer.PushSequence())
                            {
                                using (writer.PushSequence())
                                {
                                    writer.WriteObjectIdentifier(Sha256Oid);
                                    writer.WriteNull();
                                }

                                writer.WriteOctetString(digest);
                            }
                        }
                    }
                }
            }
        }
    }
}
