using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>A PEM or DER public key (cosign's cosign.pub), known by the SHA-256 of its SubjectPublicKeyInfo.</summary>
    internal sealed class PemPublicKey
    {
        public PemPublicKey(Org.BouncyCastle.Crypto.AsymmetricKeyParameter key, string fingerprint, string source)
        {
            Key = key;
            Fingerprint = fingerprint;
            Source = source;
        }

        public Org.BouncyCastle.Crypto.AsymmetricKeyParameter Key { get; }
        public string Fingerprint { get; }
        public string Source { get; }
    }

    public sealed partial class TrustedKeySet
    {
        /// <summary>Most OpenPGP keys one key file may hold.</summary>
        internal const int MaximumKeysPerFile = 10000;

        /// <summary>Reads one key file's bytes by what they are (not by their extension).</summary>
        internal void ReadKeyFile(string path, byte[] bytes)
        {
            string head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            if (bytes.Length == 0)
            {
                throw new SignatureFormatException($"The trusted key file '{path}' is empty.");
            }

            if (bytes.Length >= 12 && bytes[8] == (byte)'K' && bytes[9] == (byte)'B' && bytes[10] == (byte)'X' && bytes[11] == (byte)'f')
            {
                throw new SignatureFormatException($"The trusted key file '{path}' is a GnuPG keybox (pubring.kbx), which is not read; export the keys to trust with 'gpg --export --armor KEYID > key.asc' and give that file.");
            }

            if (head.StartsWith("untrusted comment:", StringComparison.Ordinal))
            {
                MinisignKeys.Add(MinisignPublicKey.Parse(path, Encoding.UTF8.GetString(bytes)));
            }
            else if (head.Contains("-----BEGIN PGP PRIVATE KEY BLOCK-----") || head.Contains("PRIVATE KEY-----"))
            {
                throw new SignatureFormatException($"The trusted key file '{path}' holds a private key; give the public key only.");
            }
            else if (head.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----") || IsOpenPgpKeyPacket(bytes[0]))
            {
                ReadOpenPgpKeys(path, bytes);
            }
            else if (head.Contains("-----BEGIN PUBLIC KEY-----"))
            {
                ReadPublicKey(path, PemDecoding.Decode(path, Encoding.ASCII.GetString(bytes), "PUBLIC KEY"));
            }
            else if (head.Contains("-----BEGIN CERTIFICATE-----"))
            {
                foreach (byte[] der in PemDecoding.DecodeAll(path, Encoding.ASCII.GetString(bytes), "CERTIFICATE"))
                {
                    Certificates.Add(ReadCertificate(path, der));
                }
            }
            else if (bytes[0] == 0x30)
            {
                try
                {
                    Certificates.Add(new X509Certificate2(bytes));
                }
                catch (CryptographicException)
                {
                    ReadPublicKey(path, bytes);
                }
            }
            else
            {
                throw new SignatureFormatException($"The trusted key file '{path}' is not a key: expected an OpenPGP public key (armored or binary), a minisign public key, a PEM public key or a certificate.");
            }
        }

        /// <summary>A binary OpenPGP packet header whose tag is a public key (6) or public subkey (14), old or new format.</summary>
        private static bool IsOpenPgpKeyPacket(byte first)
        {
            if ((first & 0x80) == 0)
            {
                return false;
            }

            int tag = (first & 0x40) != 0 ? first & 0x3F : (first >> 2) & 0x0F;
            return tag == 6;
        }

        private void ReadOpenPgpKeys(string path, byte[] bytes)
        {
            PgpPublicKeyRingBundle bundle;
            try
            {
                using (Stream decoder = PgpUtilities.GetDecoderStream(new MemoryStream(bytes, false)))
                {
                    bundle = new PgpPublicKeyRingBundle(decoder);
                }
            }
            catch (Exception ex) when (OpenPgpSignatureFile.IsParseFailure(ex))
            {
                throw new SignatureFormatException($"The trusted key file '{path}' is not a readable OpenPGP public key: {ex.Message}", ex);
            }

            int before = OpenPgpRings.Count;
            foreach (PgpPublicKeyRing ring in bundle.GetKeyRings())
            {
                if (OpenPgpRings.Count - before >= MaximumKeysPerFile)
                {
                    throw new SignatureFormatException($"The trusted key file '{path}' holds more than {MaximumKeysPerFile} keys.");
                }

                OpenPgpRings.Add(ring);
            }

            if (OpenPgpRings.Count == before)
            {
                throw new SignatureFormatException($"The trusted key file '{path}' holds no OpenPGP public key.");
            }
        }

        private void ReadPublicKey(string path, byte[] der)
        {
            try
            {
                var key = PublicKeyFactory.CreateKey(der);
                PublicKeys.Add(new PemPublicKey(key, Sha256Hex(der), path));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                throw new SignatureFormatException($"The trusted key file '{path}' is not a readable public key: {ex.Message}", ex);
            }
        }

        private static X509Certificate2 ReadCertificate(string path, byte[] der)
        {
            try
            {
                return new X509Certificate2(der);
            }
            catch (CryptographicException ex)
            {
                throw new SignatureFormatException($"The trusted key file '{path}' holds a certificate that cannot be read: {ex.Message}", ex);
            }
        }

        internal static string Sha256Hex(byte[] data)
        {
            using (SHA256 sha256 = SHA256.Create())
            {
                return HexConverter.ToUpperHex(sha256.ComputeHash(data));
            }
        }
    }
}
