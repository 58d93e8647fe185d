using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>
    /// Materialized certificates keyed by a hash of their DER encoding. Files from one publisher
    /// carry the same few certificates, and creating an X509Certificate2 costs far more than
    /// decoding the signature that holds it, so each distinct certificate is created once, and
    /// so is its public key (see <see cref="CachedCertificate.Keys"/>). Thread-safe; bounded.
    /// </summary>
    internal sealed class CertificateCache
    {
        private const int MaxEntries = 1024;

        /// <summary>One cache for the process: certificates are immutable and keyed by their DER, so every verifier may share them.</summary>
        public static CertificateCache Shared { get; } = new CertificateCache();

        private readonly BoundedCache<string, CachedCertificate> _certificates = new BoundedCache<string, CachedCertificate>(MaxEntries, StringComparer.Ordinal);

        public X509Certificate2 Get(ReadOnlyMemory<byte> der) => GetEntry(der).Certificate;

        /// <summary>The cached certificate for <paramref name="der"/> with its public-key pool; throws CryptographicException when it does not decode.</summary>
        public CachedCertificate GetEntry(ReadOnlyMemory<byte> der)
        {
            string key = Convert.ToBase64String(HashDer(der));
            return _certificates.GetOrAdd(key, _ =>
            {
                byte[] copy = der.ToArray();
                return new CachedCertificate(CertificateFactory.FromDer(copy), copy);
            });
        }

        /// <summary>The certificates that decode; a corrupt one is left out, as a verifier that cannot parse it would.</summary>
        public X509Certificate2Collection GetCollection(IReadOnlyList<ReadOnlyMemory<byte>> encodedCertificates)
        {
            var collection = new X509Certificate2Collection();
            foreach (ReadOnlyMemory<byte> der in encodedCertificates)
            {
                try
                {
                    collection.Add(Get(der));
                }
                catch (CryptographicException)
                {
                }
            }

            return collection;
        }

        private static byte[] HashDer(ReadOnlyMemory<byte> der)
        {
#if NET
            return SHA256.HashData(der.Span);
#else
            return Pkcs.DigestAlgorithms.Hash(HashAlgorithmName.SHA256, der.ToArray());
#endif
        }
    }

    /// <summary>One cached certificate (identified by the SHA-256 of its DER) and the public-key objects made from it.</summary>
    internal sealed class CachedCertificate
    {
        private const string SubjectKeyIdentifierOid = "2.5.29.14";

        public CachedCertificate(X509Certificate2 certificate, byte[] der)
        {
            Certificate = certificate;
            Keys = new PublicKeyPool(certificate);
            ReadIdentifiers(der);
        }

        public X509Certificate2 Certificate { get; }

        /// <summary>The issuer Name as encoded in the certificate; empty when the certificate could not be read by hand.</summary>
        public byte[] IssuerName { get; private set; } = Array.Empty<byte>();

        /// <summary>The serial number's INTEGER contents as encoded (big-endian).</summary>
        public byte[] SerialNumber { get; private set; } = Array.Empty<byte>();

        /// <summary>The key identifier of the subjectKeyIdentifier extension; empty when absent.</summary>
        public byte[] SubjectKeyIdentifier { get; private set; } = Array.Empty<byte>();

        /// <summary>Whether the certificate's IssuerAndSerialNumber is the one given (serials compared as unsigned numbers).</summary>
        public bool MatchesIssuerAndSerial(ReadOnlySpan<byte> issuerName, ReadOnlySpan<byte> serialNumber) =>
            IssuerName.Length > 0 && IssuerName.AsSpan().SequenceEqual(issuerName) && TrimLeadingZeros(SerialNumber).SequenceEqual(TrimLeadingZeros(serialNumber));

        public bool MatchesSubjectKeyIdentifier(ReadOnlySpan<byte> keyIdentifier) =>
            SubjectKeyIdentifier.Length > 0 && SubjectKeyIdentifier.AsSpan().SequenceEqual(keyIdentifier);

        private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
        {
            int start = 0;
            while (start < value.Length - 1 && value[start] == 0)
            {
                start++;
            }

            return value.Slice(start);
        }

        private void ReadIdentifiers(byte[] der)
        {
            try
            {
                var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.BER);
                var tbs = reader.ReadSequence().ReadSequence();
                var versionTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, isConstructed: true);
                if (tbs.PeekTag().HasSameClassAndValue(versionTag))
                {
                    tbs.ReadEncodedValue();
                }

                byte[] serial = tbs.ReadIntegerBytes().ToArray();
                tbs.ReadEncodedValue();
                byte[] issuer = tbs.ReadEncodedValue().ToArray();
                tbs.ReadEncodedValue();
                tbs.ReadEncodedValue();
                tbs.ReadEncodedValue();
                var extensionsTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 3, isConstructed: true);
                byte[] keyIdentifier = Array.Empty<byte>();
                while (tbs.HasData)
                {
                    System.Formats.Asn1.Asn1Tag tag = tbs.PeekTag();
                    if (!tag.HasSameClassAndValue(extensionsTag))
                    {
                        tbs.ReadEncodedValue();
                        continue;
                    }

                    var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                    while (extensions.HasData)
                    {
                        var extension = extensions.ReadSequence();
                        string oid = extension.ReadObjectIdentifier();
                        if (extension.PeekTag().HasSameClassAndValue(System.Formats.Asn1.Asn1Tag.Boolean))
                        {
                            extension.ReadBoolean();
                        }

                        byte[] value = extension.ReadOctetString();
                        if (oid == SubjectKeyIdentifierOid)
                        {
                            keyIdentifier = System.Formats.Asn1.AsnDecoder.ReadOctetString(value, System.Formats.Asn1.AsnEncodingRules.BER, out _);
                        }
                    }
                }

                IssuerName = issuer;
                SerialNumber = serial;
                SubjectKeyIdentifier = keyIdentifier;
            }
            catch (System.Formats.Asn1.AsnContentException)
            {
                // Left empty: the signer lookup then falls back to the platform's.
            }
        }

        public PublicKeyPool Keys { get; }
    }

    /// <summary>The kind of public key a certificate holds, as far as the signature fast path is concerned.</summary>
    internal enum PublicKeyKind
    {
        Other,
        Rsa,
        ECDsa,
    }

    /// <summary>
    /// Public-key objects of one certificate, imported once and reused. RSA and ECDsa instance
    /// methods are not documented as thread-safe, so each verification rents an instance for
    /// its exclusive use and returns it; a few idle instances are kept for the next caller.
    /// </summary>
    internal sealed class PublicKeyPool
    {
        private const int MaxIdle = 8;
        private readonly X509Certificate2 _certificate;
        private readonly ConcurrentBag<AsymmetricAlgorithm> _idle = new ConcurrentBag<AsymmetricAlgorithm>();
        private int _idleCount;

        public PublicKeyPool(X509Certificate2 certificate)
        {
            _certificate = certificate;
            switch (certificate.PublicKey.Oid.Value)
            {
                case Pkcs.SignatureAlgorithms.RsaEncryption: Kind = PublicKeyKind.Rsa; break;
                case Pkcs.SignatureAlgorithms.EcPublicKey: Kind = PublicKeyKind.ECDsa; break;
                default: Kind = PublicKeyKind.Other; break;
            }
        }

        public PublicKeyKind Kind { get; }

        /// <summary>An instance for exclusive use until <see cref="Return"/>; null when the key cannot be imported as <see cref="Kind"/>.</summary>
        public AsymmetricAlgorithm? Rent()
        {
            if (_idle.TryTake(out AsymmetricAlgorithm? key))
            {
                System.Threading.Interlocked.Decrement(ref _idleCount);
                return key;
            }

            switch (Kind)
            {
                case PublicKeyKind.Rsa: return _certificate.GetRSAPublicKey();
                case PublicKeyKind.ECDsa: return _certificate.GetECDsaPublicKey();
                default: return null;
            }
        }

        public void Return(AsymmetricAlgorithm key)
        {
            if (System.Threading.Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Add(key);
            }
            else
            {
                System.Threading.Interlocked.Decrement(ref _idleCount);
                key.Dispose();
            }
        }
    }
}
