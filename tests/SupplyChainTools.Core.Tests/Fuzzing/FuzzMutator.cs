using System;
using System.Collections.Generic;
using System.Text;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>A byte range of a seed worth mutating more often (headers, length fields, a signature table).</summary>
    internal readonly struct HotRegion
    {
        public HotRegion(int start, int length)
        {
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }
    }

    /// <summary>
    /// Seeded structure-blind mutations of real inputs, in the manner of AFL's havoc stage: bit flips, random and
    /// boundary bytes, insertions, deletions, truncations, duplicated ranges, splices with another seed, DER length
    /// edits, 32-bit field edits, and dictionary tokens for text formats. The same Random gives the same mutant.
    /// </summary>
    internal static class FuzzMutator
    {
        private static readonly byte[] BoundaryBytes = { 0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0xFE, 0xFF };
        private static readonly byte[] DerTags = { 0x30, 0x31, 0xA0, 0xA1, 0xA2, 0xA3, 0x02, 0x03, 0x04, 0x06, 0x17, 0x18 };

        public static byte[] Mutate(Random random, byte[] seed, IReadOnlyList<HotRegion> hot, IReadOnlyList<byte[]> others, IReadOnlyList<string> tokens)
        {
            var bytes = new List<byte>(seed);
            int limit = (seed.Length * 2) + 4096;
            int edits = 1 + random.Next(random.Next(2) == 0 ? 2 : 6);
            for (int edit = 0; edit < edits; edit++)
            {
                ApplyOne(random, bytes, hot, others, tokens);
                if (bytes.Count > limit)
                {
                    bytes.RemoveRange(limit, bytes.Count - limit);
                }
            }

            return bytes.ToArray();
        }

        private static void ApplyOne(Random random, List<byte> bytes, IReadOnlyList<HotRegion> hot, IReadOnlyList<byte[]> others, IReadOnlyList<string> tokens)
        {
            if (bytes.Count == 0)
            {
                bytes.Add((byte)random.Next(256));
                return;
            }

            int position = Position(random, bytes.Count, hot);
            switch (random.Next(tokens.Count > 0 ? 12 : 10))
            {
                case 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[position] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes[position] = BoundaryBytes[random.Next(BoundaryBytes.Length)];
                    break;
                case 3:
                    byte[] inserted = new byte[1 + random.Next(16)];
                    random.NextBytes(inserted);
                    bytes.InsertRange(position, inserted);
                    break;
                case 4:
                    bytes.RemoveRange(position, Math.Min(1 + random.Next(64), bytes.Count - position));
                    break;
                case 5:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 6:
                {
                    int length = Math.Min(1 + random.Next(256), bytes.Count - position);
                    byte[] copy = bytes.GetRange(position, length).ToArray();
                    bytes.InsertRange(random.Next(bytes.Count + 1), copy);
                    break;
                }

                case 7:
                    Splice(random, bytes, others);
                    break;
                case 8:
                    EditDerLength(random, bytes, position);
                    break;
                case 9:
                    EditInt32(random, bytes, position);
                    break;
                default:
                    byte[] token = Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Count)]);
                    if (random.Next(2) == 0 && position + token.Length <= bytes.Count)
                    {
                        for (int i = 0; i < token.Length; i++)
                        {
                            bytes[position + i] = token[i];
                        }
                    }
                    else
                    {
                        bytes.InsertRange(position, token);
                    }

                    break;
            }
        }

        private static int Position(Random random, int count, IReadOnlyList<HotRegion> hot)
        {
            if (hot.Count > 0 && random.Next(4) != 0)
            {
                HotRegion region = hot[random.Next(hot.Count)];
                if (region.Start < count && region.Length > 0)
                {
                    return Math.Min(count - 1, region.Start + random.Next(region.Length));
                }
            }

            return random.Next(count);
        }

        private static void Splice(Random random, List<byte> bytes, IReadOnlyList<byte[]> others)
        {
            if (others.Count == 0)
            {
                return;
            }

            byte[] other = others[random.Next(others.Count)];
            int cut = random.Next(bytes.Count + 1);
            int from = random.Next(other.Length + 1);
            bytes.RemoveRange(cut, bytes.Count - cut);
            for (int i = from; i < other.Length; i++)
            {
                bytes.Add(other[i]);
            }
        }

        /// <summary>Finds the next DER tag at or after <paramref name="position"/> and rewrites its length octets.</summary>
        private static void EditDerLength(Random random, List<byte> bytes, int position)
        {
            int tag = -1;
            for (int i = position; i < Math.Min(bytes.Count - 1, position + 64); i++)
            {
                if (Array.IndexOf(DerTags, bytes[i]) >= 0)
                {
                    tag = i;
                    break;
                }
            }

            if (tag < 0)
            {
                return;
            }

            int at = tag + 1;
            switch (random.Next(6))
            {
                case 0: bytes[at] = 0x80; break; // indefinite length, not DER
                case 1: bytes[at] = (byte)(bytes[at] + 1); break;
                case 2: bytes[at] = (byte)(bytes[at] - 1); break;
                case 3: bytes[at] = 0x84; bytes.InsertRange(at + 1, new byte[] { 0xFF, 0xFF, 0xFF, 0xF0 }); break;
                case 4: bytes[at] = 0x81; bytes.Insert(at + 1, (byte)random.Next(256)); break;
                default: bytes[at] = (byte)(0x85 + random.Next(4)); break; // more length octets than a reader allows
            }
        }

        private static void EditInt32(Random random, List<byte> bytes, int position)
        {
            int at = position & ~3;
            if (at + 4 > bytes.Count)
            {
                return;
            }

            uint current = (uint)(bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24));
            uint[] values = { 0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, (uint)bytes.Count, (uint)bytes.Count - 8, current + 1, current - 1, current << 1, (uint)random.Next() };
            uint value = values[random.Next(values.Length)];
            for (int i = 0; i < 4; i++)
            {
                bytes[at + i] = (byte)(value >> (8 * i));
            }
        }
    }
}
