"""The syllables Korean given names are made of, in three tiers of frequency.

Compiled from the given-name syllables of the Supreme Court's birth-registration rankings
(1945–2015, as reported by Yonhap and the Korea Herald), the usual Sino-Korean name
characters, native names (빛나, 슬기, 하늘, 보람) and North Korean spellings with initial ㄹ
(룡, 렬, 련, 림). 김, 박 and 최 are left out: no given name uses them, and the parser relies on
that to read "Jong Un Kim". The tiers only rank candidate spellings; they are not statistics.

>>> "혜" in NAME_SYLLABLES, tier("영"), tier("뷁")
(True, 0, 3)
"""

from __future__ import annotations

_TIER_0 = (
    "영 정 수 민 지 현 성 경 숙 희 호 철 준 진 혜 은 미 선 순 자 주 재 동 상 광 명 일 남 옥 화 "
    "연 우 석 훈 태 용 원 혁 식 길 국 춘 금 애 란 향 심 림 서 윤 하 도 예 유 건 승 기 종 인 "
    "한 진 아 나 다 소 세 채 규 창 환 범 봉 웅 용 근 구 학 문 병 덕 만 복 필 흥 균 완 열 숙"
)
_TIER_1 = (
    "가 각 강 개 겸 계 고 공 관 교 군 권 귀 극 단 달 담 대 득 두 라 람 랑 래 려 련 렬 령 례 "
    "로 록 룡 루 류 률 륜 리 린 립 마 말 매 면 모 목 묘 무 밀 반 방 배 백 벽 별 보 본 부 분 "
    "비 빈 빛 사 산 삼 새 설 섭 송 솔 슬 시 신 실 아 안 암 애 야 양 억 언 엄 여 역 염 엽 오 "
    "온 완 왕 요 욱 운 월 위 육 율 융 을 음 의 이 익 임 작 장 전 절 점 제 조 중 직 집 찬 천 "
    "청 초 총 추 충 치 칠 탁 탄 택 표 풍 피 하 할 함 항 해 행 허 헌 협 형 홍 활 황 회 효 "
    "후 휘 휴 흠 힘 늘 름 솜 결 샘 별 꽃 님 봄 얼 찬 란 름 람 슬 늬 솔"
)
_TIER_2 = (
    "갑 갈 감 건 걸 견 곤 곡 과 곽 괴 굉 궁 금 긍 기 낙 난 내 녀 년 녕 노 농 뇌 누 눌 "
    "능 니 당 돈 돌 둔 등 락 략 량 뢰 룡 륙 릉 막 맹 멸 몽 묵 미 발 번 법 변 병 부 비 "
    "빙 삭 상 색 생 섬 성 세 손 쇠 수 숭 습 신 쌍 악 알 앙 액 앵 약 어 엄 엔 옹 와 외 요 "
    "우 운 원 유 윤 응 의 자 잠 잡 쟁 저 적 정 좌 주 죽 즙 증 질 징 차 착 참 창 채 처 척 "
    "첨 첩 체 탐 탑 통 퇴 특 파 판 팔 패 팽 편 평 포 폭 품 하 학 핵 향 혈 혼 화 확 회 획 훤 "
    "훙 휼 흑 흔 흡 희"
)


def _tiers() -> dict[str, int]:
    ranks: dict[str, int] = {}
    for rank, block in enumerate((_TIER_0, _TIER_1, _TIER_2)):
        for syllable in block.split():
            ranks.setdefault(syllable, rank)
    return ranks


_RANKS = _tiers()
NAME_SYLLABLES = tuple(_RANKS)


def tier(syllable: str) -> int:
    """0 for the most common name syllables, 1 and 2 for rarer ones, 3 for the rest."""
    return _RANKS.get(syllable, 3)
